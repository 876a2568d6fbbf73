@file:Suppress("unused")

package dev.coprocessing.reliability

import dev.coprocessing.InvalidStateError
import dev.coprocessing.futures.TaskFuture
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.pool.AsyncResult
import io.kotest.core.spec.style.FunSpec
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Validate

/**
 * The two result types are linearizable. A [dev.coprocessing.futures.Future]: a worker starting and finishing
 * its task, callers cancelling it, adding callbacks and reading its state, all at once, behave as if one after
 * another, and each callback runs exactly once. An [AsyncResult]: the pool settling it (first outcome wins) while
 * callers wait for it and read it.
 */
class FuturesLincheckSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    afterSpec { FutureModel.executor.shutdown() }
    // Model checking a future instruments the JDK classes its callbacks and executor load: a smaller budget.
    linearizable("Future", FutureModel::class, modelChecking = Linearizability.modelChecking.scaled(0.5))
    linearizable("AsyncResult", AsyncResultModel::class)
})

/** One future, created fresh for every scenario; it is never run by a worker: the operations play the worker. */
class FutureModel {
    private val future = TaskFuture.suspending(executor.pool) { 0 }
    private val callbacksRun = AtomicInteger()
    private val callbacksAdded = AtomicInteger()

    /** What a worker does first: CPython's set_running_or_notify_cancel. */
    @Operation
    fun start(): String = try {
        if (future.setRunningOrNotifyCancel()) "running" else "was cancelled"
    } catch (e: IllegalStateException) {
        "unexpected state"
    }

    /** What a worker does last. */
    @Operation
    fun finish(): String = try {
        future.setResult(1)
        "finished"
    } catch (e: InvalidStateError) {
        "already done"
    }

    @Operation
    fun cancel(): Boolean = future.cancel()

    @Operation
    fun addCallback() {
        callbacksAdded.incrementAndGet()
        future.addDoneCallback(Consumer { callbacksRun.incrementAndGet() })
    }

    @Operation
    fun done(): Boolean = future.done()

    @Operation
    fun running(): Boolean = future.running()

    @Operation
    fun cancelled(): Boolean = future.cancelled()

    /**
     * After every scenario: each callback added has run exactly once if the future is done, and none has run if
     * it is not. (Checked once all operations have returned: as in CPython, `done()` becomes true just before the
     * callbacks run, so a concurrent count would not be linearizable by design.)
     */
    @Validate
    fun everyCallbackRanOnce() {
        val expected = if (future.done()) callbacksAdded.get() else 0
        check(callbacksRun.get() == expected) { "${callbacksRun.get()} callbacks ran, expected $expected: $future" }
    }

    companion object {
        /** Only lends its machinery to the futures; it never runs them. */
        val executor = ThreadPoolExecutor(1)
    }
}

/** An [AsyncResult] as a pool settles it: the first of succeed and fail wins; readers see one outcome. */
class AsyncResultModel {
    private val result = AsyncResult<Int>(watch = null)

    @Operation
    fun succeed(): Boolean = result.succeed(1)

    @Operation
    fun fail(): Boolean = result.fail(Failure, seen = true)

    @Operation
    fun ready(): Boolean = result.ready()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun successful(): Boolean = result.successful()

    @Operation(promptCancellation = true, allowExtraSuspension = true, handleExceptionsAsResult = [FailureType::class])
    suspend fun get(): Int = result.get()

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun await(): Unit = result.wait()

    /** One exception instance, so that results compare equal between runs. */
    class FailureType : RuntimeException("the task failed") {
        override fun equals(other: Any?): Boolean = other is FailureType
        override fun hashCode(): Int = 1
    }

    private companion object {
        val Failure = FailureType()
    }
}
