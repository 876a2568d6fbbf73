package dev.coprocessing.queue

import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.check
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions
import org.junit.jupiter.api.Test

/**
 * A PriorityQueue's non-waiting operations are linearizable, so the lowest item comes out first whatever the
 * interleaving. Small explicit budgets keep the check to a few seconds.
 */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class PriorityQueueLincheckTest {
    private val q = PriorityQueue<Int>(maxsize = 3)

    @Operation
    fun putNowait(@Param(name = "item") item: Int): Boolean = try {
        q.putNowait(item)
        true
    } catch (e: Full) {
        false
    }

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation
    fun qsize(): Int = q.qsize()

    @Test
    fun modelChecking() = ModelCheckingOptions()
        .iterations(8)
        .invocationsPerIteration(60)
        .threads(2)
        .actorsPerThread(3)
        .check(this::class)
}
