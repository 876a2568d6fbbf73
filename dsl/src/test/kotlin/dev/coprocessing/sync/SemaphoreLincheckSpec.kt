@file:Suppress("unused")

package dev.coprocessing.sync

import io.kotest.core.spec.style.FunSpec
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.check

/** [Semaphore]'s operations as Lincheck sees them: acquire may be cancelled while it waits. */
class SemaphoreLincheckModel {
    private val sem = Semaphore(1)

    @Operation
    suspend fun tryAcquire(): Boolean = sem.acquire(block = false)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun acquire(): Boolean = sem.acquire()

    @Operation
    fun release(): Unit = sem.release()

    @Operation
    fun value(): Int = sem.getValue()
}

/** A bounded semaphore of two permits: over-release is an error, and changes nothing. */
class BoundedSemaphoreLincheckModel {
    private val sem = BoundedSemaphore(2)

    @Operation
    suspend fun tryAcquire(): Boolean = sem.acquire(block = false)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun acquire(): Boolean = sem.acquire()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun release(): Unit = sem.release()

    @Operation
    fun value(): Int = sem.getValue()
}

/** Budgets in [modelChecking] and [stressTesting]. */
class SemaphoreLincheckSpec : FunSpec({
    test("Semaphore is linearizable under model checking (small budget)") {
        modelChecking().check(SemaphoreLincheckModel::class)
    }
    test("BoundedSemaphore is linearizable under model checking (small budget)") {
        modelChecking().check(BoundedSemaphoreLincheckModel::class)
    }
    test("Semaphore is linearizable under stress (small budget)") {
        stressTesting().check(SemaphoreLincheckModel::class)
    }
})
