package dev.coprocessing.queue

import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.check
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions
import org.junit.jupiter.api.Test

/**
 * A bounded queue's non-waiting operations are linearizable: every concurrent history of putNowait, getNowait,
 * qsize, empty and full can be explained by some order of them on one queue. Small explicit budgets keep
 * each check to a few seconds.
 */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class QueueLincheckTest {
    private val q = Queue<Int>(maxsize = 2)

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

    @Operation
    fun empty(): Boolean = q.empty()

    @Operation
    fun full(): Boolean = q.full()

    @Test
    fun modelChecking() = ModelCheckingOptions()
        .iterations(8)
        .invocationsPerIteration(60)
        .threads(2)
        .actorsPerThread(3)
        .check(this::class)

    @Test
    fun stress() = StressOptions()
        .iterations(15)
        .invocationsPerIteration(1_000)
        .threads(3)
        .actorsPerThread(3)
        .check(this::class)
}
