@file:Suppress("unused")

package dev.coprocessing.sync

import io.kotest.core.spec.style.FunSpec
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.check

/**
 * [Lock]'s operations as Lincheck sees them. Every suspend operation here runs as a caller of its own, so the
 * fail-fast re-acquire (covered in [LockSpec]) never applies: this checks the mutex itself.
 */
class LockLincheckModel {
    private val lock = Lock()

    @Operation
    suspend fun tryAcquire(): Boolean = lock.acquire(block = false)

    @Operation(promptCancellation = true)
    suspend fun acquire(): Boolean = lock.acquire()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun release(): Unit = lock.release()

    @Operation
    fun locked(): Boolean = lock.locked()
}

/** Budgets in [modelChecking] and [stressTesting]. */
class LockLincheckSpec : FunSpec({
    test("Lock is linearizable under model checking (small budget)") {
        // Fewer scenarios than for Semaphore: each Lock invocation also runs through kotlinx's Mutex.
        modelChecking(iterations = 2).check(LockLincheckModel::class)
    }
    test("Lock is linearizable under stress (small budget)") {
        stressTesting().check(LockLincheckModel::class)
    }
})
