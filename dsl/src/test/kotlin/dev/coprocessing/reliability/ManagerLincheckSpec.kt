@file:Suppress("unused")

package dev.coprocessing.reliability

import dev.coprocessing.KeyError
import dev.coprocessing.manager.Manager
import io.kotest.core.spec.style.FunSpec
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen

/**
 * A manager's dict is linearizable: every single operation, the atomic `update` beyond CPython's included, is
 * atomic, so concurrent histories read as some order of the same operations.
 */
class ManagerLincheckSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    afterSpec { DictModel.manager.shutdown() }
    linearizable("Manager dict", DictModel::class)
})

@Param(name = "key", gen = IntGen::class, conf = "1:2")
class DictModel {
    private val d = manager.dict<Int, Int>()

    @Operation
    fun set(@Param(name = "key") key: Int, value: Int) {
        d[key] = value
    }

    @Operation
    fun get(@Param(name = "key") key: Int): Int? = d[key]

    @Operation(handleExceptionsAsResult = [KeyError::class])
    fun pop(@Param(name = "key") key: Int): Int = d.pop(key)

    @Operation
    fun setdefault(@Param(name = "key") key: Int, default: Int): Int = d.setdefault(key, default)

    /** The atomic read-modify-write: no increment is lost. */
    @Operation
    fun increment(@Param(name = "key") key: Int): Int = d.update(key, 0) { it + 1 }

    @Operation
    fun len(): Int = d.len()

    companion object {
        /** One manager for every scenario (each scenario has a dict of its own); shut down after the spec. */
        val manager = Manager()
    }
}
