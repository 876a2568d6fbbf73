package dev.coprocessing.futures

import dev.coprocessing.CancelledError
import dev.coprocessing.InvalidStateError
import dev.coprocessing.TimeoutError
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.Waits
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.guardCallback
import dev.coprocessing.internal.isFatal
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.warnIfOnDefaultDispatcher
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import java.util.concurrent.locks.LockSupport
import java.util.function.Consumer
import kotlin.coroutines.resume
import kotlin.time.Duration
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The machinery behind [Future]: its state, its waiters and its done callbacks, in two fields changed by
 * compare-and-set only, so that a task's way through its future takes no lock and every change is one atomic
 * step.
 *
 * | state     | [outcome]                                           | [waiters]            |
 * |-----------|-----------------------------------------------------|----------------------|
 * | pending   | `null`                                              | a stack of [Waiter]s |
 * | running   | [RUNNING_MARK]                                      | a stack of [Waiter]s |
 * | cancelled | [CANCELLED_MARK]                                    | [DONE] once told     |
 * | finished  | the value ([NULL_VALUE] for `null`), or a [Failure] | [DONE] once told     |
 *
 * pending → running ([setRunningOrNotifyCancel]) → finished ([setResult], [setException]); pending →
 * cancelled ([cancel]); pending or running → finished by an executor's error ([setExecutorError],
 * [failIfNotDone]). Whoever moves it to a done state swaps [waiters] for [DONE] and tells each waiter, oldest
 * first, then runs the done callbacks in the order they were added.
 */
internal abstract class FutureState<T> : Future<T>() {
    /** The state and the outcome in one field (see the table above). */
    @Volatile private var outcome: Any? = null

    /** Who to tell once done: a stack of [Waiter]s, newest first, or [DONE] once it has been told. */
    @Volatile private var waiters: Any? = null

    final override fun isDone(): Boolean = outcome.let { it != null && it !== RUNNING_MARK }

    final override fun isRunning(): Boolean = outcome === RUNNING_MARK

    final override fun isCancelled(): Boolean = outcome === CANCELLED_MARK

    final override fun cancelIfPending(): Boolean {
        while (true) {
            val o = outcome
            if (o === CANCELLED_MARK) return true
            if (o != null) return false
            if (OUTCOME.compareAndSet(this, null, CANCELLED_MARK)) break
        }
        finish()
        return true
    }

    final override fun describe(): String {
        val o = outcome
        val base = "<Future at 0x${Integer.toHexString(System.identityHashCode(this))} state=${stateName(o)}"
        return when {
            !isFinished(o) -> "$base>"
            o is Failure -> "$base raised ${o.error::class.simpleName ?: o.error.javaClass.name}>"
            o === NULL_VALUE -> "$base returned null>"
            else -> "$base returned ${o!!::class.simpleName ?: o.javaClass.name}>"
        }
    }

    // ---- the executor's side ---------------------------------------------------------------

    /**
     * CPython's `set_running_or_notify_cancel`: moves a pending future to running and returns `true`, or
     * returns `false` for a cancelled one, whose task must then not run.
     */
    fun setRunningOrNotifyCancel(): Boolean {
        if (OUTCOME.compareAndSet(this, null, RUNNING_MARK)) return true
        if (outcome === CANCELLED_MARK) return false
        throw IllegalStateException("Future in unexpected state: $this")
    }

    fun setResult(result: @UnsafeVariance T) = complete(result, null, track = false)

    /** Fails the future with the task's exception, which is reported if nobody retrieves it. */
    fun setException(error: Throwable) = complete(null, error, track = true)

    /** Fails the future with an error of the executor's own (broken or stopped), which is not tracked. */
    fun setExecutorError(error: Throwable) = complete(null, error, track = false)

    /** Fails a future that is not done with the executor's [error]; does nothing to a done one. */
    fun failIfNotDone(error: Throwable) {
        if (done()) return
        try {
            complete(null, error, track = false)
        } catch (_: InvalidStateError) {
            // Finished or cancelled meanwhile: its own outcome stands.
        }
    }

    /** Finishes the future with its outcome, in one step; a done future throws [InvalidStateError]. */
    private fun complete(result: Any?, error: Throwable?, track: Boolean) {
        val finished: Any = when {
            error == null -> result ?: NULL_VALUE
            // Tracked before the outcome is published, so that whoever sees it also sees the tracker.
            track -> Failure(error, pool.unretrieved.watch(this, error, "<Future at 0x${Integer.toHexString(System.identityHashCode(this))} state=finished raised ${error::class.simpleName ?: error.javaClass.name}>"))
            else -> Failure(error, null)
        }
        while (true) {
            val o = outcome
            if (o != null && o !== RUNNING_MARK) {
                (finished as? Failure)?.unretrieved?.retrieved()
                throw InvalidStateError("${stateName(o).uppercase()}: $this")
            }
            if (OUTCOME.compareAndSet(this, o, finished)) break
        }
        finish()
    }

    /** Tells the waiters, then runs the done callbacks in the order they were added. */
    private fun finish() {
        var node = WAITERS.getAndSet(this, DONE) as Waiter? ?: return
        if (node.next == null) {
            val what = node.what ?: return
            if (what is DoneListener) what.futureDone(this) else runCallbacks(listOf(what))
            return
        }
        val told = ArrayList<Any>()
        while (true) {
            node.what?.let(told::add)
            node = node.next ?: break
        }
        told.reverse()
        var callbacks: ArrayList<Any>? = null
        for (what in told) {
            if (what is DoneListener) what.futureDone(this)
            else (callbacks ?: ArrayList<Any>(2).also { callbacks = it }).add(what)
        }
        callbacks?.let(::runCallbacks)
    }

    // ---- waiting -----------------------------------------------------------------------------

    final override fun addListener(listener: DoneListener): Boolean = push(listener)

    final override fun removeListener(listener: DoneListener) {
        var node = waiters as? Waiter
        while (node != null) {
            if (node.what === listener) {
                node.what = null
                break
            }
            node = node.next
        }
        dropRemoved()
    }

    /**
     * Adds [what] (a [DoneListener] or a done callback) to [waiters]; `false`, adding nothing, once done.
     * Removed waiters on top are unlinked first, so a caller that waits with a timeout again and again leaves
     * no trail.
     */
    private fun push(what: Any): Boolean {
        val node = Waiter(what)
        while (true) {
            val head = waiters
            if (head === DONE) return false
            head as Waiter?
            if (head != null && head.what == null) {
                WAITERS.compareAndSet(this, head, head.next)
                continue
            }
            node.next = head
            if (WAITERS.compareAndSet(this, head, node)) return true
        }
    }

    /** Unlinks removed waiters from the top of the stack, where a waiter that timed out leaves its own. */
    private fun dropRemoved() {
        while (true) {
            val head = waiters as? Waiter ?: return
            if (head.what != null) return
            WAITERS.compareAndSet(this, head, head.next)
        }
    }

    final override fun waiterEntries(): Int {
        var count = 0
        var node = waiters as? Waiter
        while (node != null) {
            count++
            node = node.next
        }
        return count
    }

    final override fun settleWhenDone(onValue: (T) -> Unit, onError: (Throwable) -> Unit) {
        val settle = { transfer(onValue, onError) }
        if (!addListener { settle() }) settle()
    }

    final override fun finishedWithException(): Boolean = outcome is Failure

    final override suspend fun awaitDone(timeout: Duration?, what: String) {
        checkTimeout(timeout)
        if (done()) return
        if (timeout == null) {
            waitingOn(WaitKind.RESULT, this, null) { awaitDone() }
        } else if (waitingOn(WaitKind.RESULT, this, timeout) { withTimeoutOrNull(timeout) { awaitDone() } } == null && !done()) {
            throw TimeoutError("$what() not ready within $timeout: $this")
        }
    }

    /**
     * The blocking twins' wait. Unlike the library's other twins it parks the thread itself rather than
     * running the suspend form in `runBlocking`: `submit` + `result()` is the executors' hot path, and this
     * keeps it as cheap as the JDK's own futures. An interrupt ends the wait with [InterruptedException].
     */
    final override fun parkUntilDone(timeout: Duration?, what: String) {
        checkTimeout(timeout)
        if (done()) return
        warnIfOnDefaultDispatcher()
        val thread = Thread.currentThread()
        val listener = DoneListener { LockSupport.unpark(thread) }
        if (!addListener(listener)) return
        val recorded = if (Waits.enabled) Waits.begin(WaitKind.RESULT, this, timeout, ProcessContext.runningContext()) else null
        try {
            val limit = timeout?.takeIf { it.isFinite() }?.inWholeNanoseconds
            val start = System.nanoTime()
            while (!done()) {
                if (Thread.interrupted()) throw InterruptedException("interrupted while waiting for $what(): $this")
                if (limit == null) {
                    LockSupport.park(this)
                } else {
                    val left = limit - (System.nanoTime() - start)
                    if (left <= 0L) throw TimeoutError("$what() not ready within $timeout: $this")
                    LockSupport.parkNanos(this, left)
                }
            }
        } finally {
            removeListener(listener)
            recorded?.let(Waits::end)
        }
    }

    private suspend fun awaitDone() {
        suspendCancellableCoroutine { cont ->
            val listener = DoneListener { cont.resume(Unit) }
            if (addListener(listener)) cont.invokeOnCancellation { removeListener(listener) } else cont.resume(Unit)
        }
    }

    @Suppress("UNCHECKED_CAST")
    final override fun outcomeOrThrow(): T {
        val o = outcome
        return when {
            o === CANCELLED_MARK -> throw CancelledError("the task was cancelled before it ran: $this")
            o is Failure -> throw o.retrieve()
            o === NULL_VALUE -> null as T
            else -> o as T
        }
    }

    final override fun failureOutcome(): Throwable? {
        val o = outcome
        return when {
            o === CANCELLED_MARK -> throw CancelledError("the task was cancelled before it ran: $this")
            o is Failure -> o.retrieve()
            else -> null
        }
    }

    @Suppress("UNCHECKED_CAST")
    private inline fun transfer(onValue: (T) -> Unit, onError: (Throwable) -> Unit) {
        val o = outcome
        when {
            o === CANCELLED_MARK -> onError(CancelledError("the task was cancelled before it ran: $this"))
            o is Failure -> onError(o.retrieve())
            o === NULL_VALUE -> onValue(null as T)
            else -> onValue(o as T)
        }
    }

    // ---- done callbacks ----------------------------------------------------------------------

    private class SuspendCallback(val fn: suspend (Future<*>) -> Unit)

    final override fun addSuspendCallback(fn: suspend (Future<*>) -> Unit) {
        addCallback(SuspendCallback(fn))
    }

    final override fun addConsumerCallback(fn: Consumer<in Future<T>>) {
        addCallback(fn)
    }

    private fun addCallback(callback: Any) {
        if (!push(callback)) runCallbacks(listOf(callback))
    }

    /**
     * Runs the callbacks in order, here and now. Java consumers are plain calls; once one callback may
     * suspend, they all run in one coroutine of the executor, started undispatched in this thread, so that
     * their order holds and `shutdown(wait = true)` can wait for them.
     */
    @Suppress("UNCHECKED_CAST")
    private fun runCallbacks(toCall: List<Any>) {
        if (toCall.none { it is SuspendCallback }) {
            pool.inCreator {
                for (callback in toCall) invokeReporting { (callback as Consumer<Future<T>>).accept(this) }
            }
            return
        }
        pool.launchCallbacks {
            for (callback in toCall) {
                when (callback) {
                    is SuspendCallback -> invokeReportingSuspend { callback.fn(this) }
                    else -> invokeReporting { (callback as Consumer<Future<T>>).accept(this) }
                }
            }
        }
    }

    private inline fun invokeReporting(call: () -> Unit) {
        guardCallback(call)?.let(::reportCallbackFailure)
    }

    private suspend inline fun invokeReportingSuspend(call: suspend () -> Unit) {
        try {
            call()
        } catch (e: Throwable) {
            if (isFatal(e)) throw e
            reportCallbackFailure(e)
        }
    }

    private fun reportCallbackFailure(e: Throwable) {
        Unraisable.report("exception calling callback for $this", e)
    }

    /** One entry of [waiters]: [what] is `null` once removed. */
    private class Waiter(@Volatile @JvmField var what: Any?) {
        @JvmField var next: Waiter? = null
    }

    /** A task's exception as its outcome, with what reports it if nobody retrieves it. */
    private class Failure(@JvmField val error: Throwable, @JvmField val unretrieved: Unretrieved.Watch?) {
        /** The exception, now reaching user code: it is no longer reported. */
        fun retrieve(): Throwable {
            unretrieved?.retrieved()
            return error
        }
    }

    private companion object {
        private val RUNNING_MARK = Symbol("RUNNING")
        private val CANCELLED_MARK = Symbol("CANCELLED")
        /** A task's `null` result, told apart from the pending state's `null`. */
        private val NULL_VALUE = Symbol("NULL")
        private val DONE = Symbol("DONE")

        // Initialized in FutureState's own static initializer, which may reach its private fields.
        private val OUTCOME = AtomicReferenceFieldUpdater.newUpdater(FutureState::class.java, Any::class.java, "outcome")
        private val WAITERS = AtomicReferenceFieldUpdater.newUpdater(FutureState::class.java, Any::class.java, "waiters")

        private fun isFinished(outcome: Any?): Boolean =
            outcome != null && outcome !== RUNNING_MARK && outcome !== CANCELLED_MARK

        fun stateName(outcome: Any?): String = when {
            outcome == null -> "pending"
            outcome === RUNNING_MARK -> "running"
            outcome === CANCELLED_MARK -> "cancelled"
            else -> "finished"
        }
    }

    /** A marker that no task's result can be. */
    private class Symbol(private val name: String) {
        override fun toString(): String = name
    }
}
