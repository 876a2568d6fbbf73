package dev.coprocessing.futures

import dev.coprocessing.InvalidStateError
import io.kotest.core.spec.style.FunSpec
import java.util.concurrent.atomic.AtomicInteger
import java.util.function.Consumer
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Validate
import org.jetbrains.kotlinx.lincheck.check
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions

/**
 * Future's state machine is linearizable: a worker starting and finishing the task, callers cancelling it,
 * adding callbacks and reading its state, all at once, behave as if one after another. Each callback runs
 * exactly once. Small explicit budgets keep it to seconds on two cores.
 */
class FutureLincheckSpec : FunSpec({
    afterSpec { FutureLincheckTarget.executor.shutdown() }

    // Lincheck's stress mode: real threads, no bytecode instrumentation. (Its model checker instruments the
    // JDK classes a failing operation loads, which took minutes on two shared cores.)
    test("start, finish, cancel, callbacks and state reads are linearizable") {
        StressOptions()
            .iterations(10)
            .invocationsPerIteration(200)
            .threads(3)
            .actorsPerThread(2)
            .actorsAfter(1)
            .check(FutureLincheckTarget::class)
    }
})

/** One future under test, created fresh for every scenario; it is never run by a worker. */
class FutureLincheckTarget {
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
     * After every scenario: each callback added has run exactly once if the future is done, and none has run
     * if it is not. (Checked once all operations have returned: as in CPython, `done()` becomes true just
     * before the callbacks run, so a concurrent count would not be linearizable by design.)
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
