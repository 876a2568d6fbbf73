package dev.coprocessing.futures

import dev.coprocessing.CancelledError
import dev.coprocessing.InvalidStateError
import dev.coprocessing.TimeoutError
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.internal.guardCallback
import dev.coprocessing.internal.isFatal
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.warnIfOnDefaultDispatcher
import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
import java.util.concurrent.locks.LockSupport
import java.util.function.Consumer
import kotlin.coroutines.resume
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The pending result of a task given to an [Executor], as CPython's `concurrent.futures.Future`: made by
 * [Executor.submit], never by user code.
 *
 * A future is in one of CPython's four states, each change one atomic step: *pending* (queued), *running*,
 * *cancelled* (by [cancel] while pending) or *finished* (the task returned or threw). [result] and
 * [exception] suspend until it is done; [addDoneCallback] runs code once it is.
 *
 * A task's exception is kept as it was thrown and rethrown by [result]; what reports the task's outcome is
 * never a `CancellationException` (a cancelled future throws [CancelledError], a task that failed with
 * kotlinx's `TimeoutCancellationException` reports a [TimeoutError]), so a coroutine that lets it escape
 * fails visibly instead of being cancelled quietly. An exception nobody retrieved is reported once on
 * stderr when the future is dropped or its executor shuts down.
 *
 * ```kotlin
 * ThreadPoolExecutor(4).use { ex ->
 *     val f: Future<Int> = ex.submit { 6 * 7 }
 *     f.addDoneCallback { println("done: ${it.result()}") }
 *     println(f.result(timeout = 5.seconds))
 * }
 * ```
 */
public sealed class Future<out T> {
    /** The executor that runs the task: its callbacks and its record of unretrieved exceptions. */
    internal abstract val pool: WorkerPool

    /**
     * The state and the outcome in one field, changed by compare-and-set only, so that a task's way through
     * its future takes no lock and every change is one atomic step: `null` while pending, [RUNNING_MARK],
     * [CANCELLED_MARK], then once finished the value ([NULL_VALUE] for `null`) or a [Failure].
     */
    @Volatile private var outcome: Any? = null

    /** Who to tell once done: a stack of [Waiter]s, newest first, or [DONE] once it has been told. */
    @Volatile private var waiters: Any? = null
    /**
     * Suspends until the task is done and returns what it returned, or rethrows what it threw. Waits at most
     * [timeout] (`null`: no limit), then throws [TimeoutError]; the task goes on running. A cancelled future
     * throws [CancelledError]. Cancelling the caller stops the wait only.
     *
     * ```kotlin
     * val f = ex.submit { slowWork() }
     * try { println(f.result(timeout = 1.seconds)) } catch (e: TimeoutError) { println("not yet") }
     * ```
     */
    @JvmSynthetic
    public suspend fun result(timeout: Duration? = null): T {
        awaitDone(timeout, "result")
        return outcome()
    }

    /**
     * Blocks until the task is done and returns its result (Java: `result()`). See [result].
     *
     * ```java
     * int answer = future.result();
     * ```
     */
    @JvmName("result")
    @Throws(InterruptedException::class)
    public fun resultBlocking(): T {
        parkUntilDone(null, "result")
        return outcome()
    }

    /**
     * Blocks at most [timeout] for the result (Java: `result(Duration)`), then throws [TimeoutError].
     *
     * ```java
     * int answer = future.result(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("result")
    @Throws(InterruptedException::class)
    public fun resultBlocking(timeout: java.time.Duration): T = resultBlocking(timeout.toTimeout())

    /**
     * Blocks at most [timeoutSeconds] for the result, as Python's `result(timeout=1.5)` (Java: `result(double)`).
     *
     * ```java
     * int answer = future.result(1.5);
     * ```
     */
    @JvmName("result")
    @Throws(InterruptedException::class)
    public fun resultBlocking(timeoutSeconds: Double): T = resultBlocking(secondsToTimeout(timeoutSeconds))

    /**
     * Blocks at most [timeout] (`null`: no limit) for the result. Kotlin only.
     *
     * ```kotlin
     * val answer = future.resultBlocking(5.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun resultBlocking(timeout: Duration?): T {
        parkUntilDone(timeout, "result")
        return outcome()
    }

    /**
     * Suspends until the task is done and returns what it threw, or `null` if it returned normally. Waits at
     * most [timeout] (`null`: no limit), then throws [TimeoutError]; a cancelled future throws
     * [CancelledError]. Cancelling the caller stops the wait only.
     *
     * ```kotlin
     * f.exception()?.let { println("the task failed: $it") }
     * ```
     */
    @JvmSynthetic
    public suspend fun exception(timeout: Duration? = null): Throwable? {
        awaitDone(timeout, "exception")
        return failureOutcome()
    }

    /**
     * Blocks until the task is done and returns what it threw, or `null` (Java: `exception()`).
     *
     * ```java
     * Throwable error = future.exception();
     * ```
     */
    @JvmName("exception")
    @Throws(InterruptedException::class)
    public fun exceptionBlocking(): Throwable? = exceptionBlocking(null)

    /**
     * Blocks at most [timeout] for the task's exception (Java: `exception(Duration)`).
     *
     * ```java
     * Throwable error = future.exception(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("exception")
    @Throws(InterruptedException::class)
    public fun exceptionBlocking(timeout: java.time.Duration): Throwable? = exceptionBlocking(timeout.toTimeout())

    /**
     * Blocks at most [timeoutSeconds] for the task's exception (Java: `exception(double)`).
     *
     * ```java
     * Throwable error = future.exception(0.5);
     * ```
     */
    @JvmName("exception")
    @Throws(InterruptedException::class)
    public fun exceptionBlocking(timeoutSeconds: Double): Throwable? = exceptionBlocking(secondsToTimeout(timeoutSeconds))

    /**
     * Blocks at most [timeout] (`null`: no limit) for the task's exception. Kotlin only.
     *
     * ```kotlin
     * val error = future.exceptionBlocking(5.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun exceptionBlocking(timeout: Duration?): Throwable? {
        parkUntilDone(timeout, "exception")
        return failureOutcome()
    }

    /**
     * The same as [result], under kotlinx.coroutines' name: suspends until the task is done.
     *
     * ```kotlin
     * val answer = ex.submit { 6 * 7 }.await()
     * ```
     */
    @JvmSynthetic
    public suspend fun await(): T = result()

    /** Whether the task finished or was cancelled. Never waits.
     *
     * ```kotlin
     * if (f.done()) println(f.result())
     * ```
     */
    public fun done(): Boolean = outcome.let { it != null && it !== RUNNING_MARK }

    /** Whether the task is running now. Never waits.
     *
     * ```kotlin
     * println(f.running())
     * ```
     */
    public fun running(): Boolean = outcome === RUNNING_MARK

    /** Whether the future was cancelled. Never waits.
     *
     * ```kotlin
     * if (f.cancel()) check(f.cancelled())
     * ```
     */
    public fun cancelled(): Boolean = outcome === CANCELLED_MARK

    /**
     * Cancels the task if it has not started: returns `true` if the future is now cancelled (also when it
     * already was), `false` if the task is running or finished, which a future cannot stop (see
     * [Executor.terminateWorkers] for that). On success, waiters wake with [CancelledError] and the done
     * callbacks run, in the caller. Never waits.
     *
     * ```kotlin
     * val f = ex.submit { work() }
     * if (f.cancel()) println("it never ran")
     * ```
     */
    public fun cancel(): Boolean {
        while (true) {
            val o = outcome
            if (o === CANCELLED_MARK) return true
            if (o != null) return false
            if (OUTCOME.compareAndSet(this, null, CANCELLED_MARK)) break
        }
        finish()
        return true
    }

    /**
     * Calls [fn] with this future once it is done (finished or cancelled): at once, in the caller, if it
     * already is; otherwise where it completes (in the worker that ran the task, or in the caller of
     * [cancel]). Callbacks run in the order they were added, in the process that created the executor; one
     * that throws is reported on stderr ("exception calling callback for ...") and the others still run.
     * [fn] may suspend: it then resumes on `Dispatchers.Default`, and `shutdown(wait = true)` waits for it.
     * Never waits itself.
     *
     * ```kotlin
     * f.addDoneCallback { println(it.result()) }
     * ```
     */
    @JvmSynthetic
    public fun addDoneCallback(fn: suspend (Future<T>) -> Unit) {
        @Suppress("UNCHECKED_CAST")
        addCallback(SuspendCallback(fn as suspend (Future<*>) -> Unit))
    }

    /**
     * Calls [fn] with this future once it is done, as the Kotlin form does (Java: `addDoneCallback(Consumer)`).
     * `result()` declares `InterruptedException`, which a `Consumer` cannot throw; on a done future it returns
     * at once and never throws it.
     *
     * ```java
     * future.addDoneCallback(f -> {
     *     try { System.out.println(f.result()); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
     * });
     * ```
     */
    public fun addDoneCallback(fn: Consumer<in Future<T>>) {
        addCallback(fn)
    }

    /**
     * A kotlinx [Deferred] completed with this future's outcome: its value, the task's exception, or
     * [CancelledError] (never a `CancellationException`) if the future was cancelled. Cancelling the
     * deferred cancels the future if the task has not started. The deferred now owns the exception: it is
     * no longer reported as never retrieved.
     *
     * ```kotlin
     * val answers: List<Int> = futures.map { it.asDeferred() }.awaitAll()
     * ```
     */
    public fun asDeferred(): Deferred<T> {
        val deferred = CompletableDeferred<T>()
        deferred.invokeOnCompletion { if (deferred.isCancelled) cancel() }
        val settle = { transfer({ deferred.complete(it) }, { deferred.completeExceptionally(it) }) }
        if (whenDone { settle() }) settle()
        return deferred
    }

    /**
     * A [CompletableFuture] completed with this future's outcome: its value, the task's exception, or
     * [CancelledError] if the future was cancelled (so `get()` throws `ExecutionException`, never
     * `CancellationException`). Cancelling it cancels this future if the task has not started. The
     * `CompletableFuture` now owns the exception: it is no longer reported as never retrieved.
     *
     * ```java
     * CompletableFuture<Integer> cf = future.asCompletableFuture();
     * cf.thenAccept(System.out::println);
     * ```
     */
    public fun asCompletableFuture(): CompletableFuture<@UnsafeVariance T> {
        val completable = object : CompletableFuture<@UnsafeVariance T>() {
            override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
                val cancelled = super.cancel(mayInterruptIfRunning)
                if (cancelled) this@Future.cancel()
                return cancelled
            }
        }
        val settle = { transfer({ completable.complete(it) }, { completable.completeExceptionally(it) }) }
        if (whenDone { settle() }) settle()
        return completable
    }

    /**
     * CPython's repr: `<Future at 0x1b6d3586 state=pending>`, `<Future at 0x1b6d3586 state=finished returned Int>`,
     * `<Future at 0x1b6d3586 state=finished raised IllegalStateException>`.
     */
    override fun toString(): String {
        val o = outcome
        val base = "<Future at 0x${Integer.toHexString(System.identityHashCode(this))} state=${stateName(o)}"
        return when {
            !isFinished(o) -> "$base>"
            o is Failure -> "$base raised ${o.error::class.simpleName ?: o.error.javaClass.name}>"
            o === NULL_VALUE -> "$base returned null>"
            else -> "$base returned ${o!!::class.simpleName ?: o.javaClass.name}>"
        }
    }

    // ---- internals: the executor's side ---------------------------------------------------------------

    /**
     * CPython's `set_running_or_notify_cancel`: moves a pending future to running and returns `true`, or
     * returns `false` for a cancelled one, whose task must then not run.
     */
    internal fun setRunningOrNotifyCancel(): Boolean {
        if (OUTCOME.compareAndSet(this, null, RUNNING_MARK)) return true
        if (outcome === CANCELLED_MARK) return false
        throw IllegalStateException("Future in unexpected state: $this")
    }

    internal fun setResult(result: @UnsafeVariance T) = complete(result, null, track = false)

    /** Fails the future with the task's exception, which is reported if nobody retrieves it. */
    internal fun setException(error: Throwable) = complete(null, error, track = true)

    /** Fails the future with an error of the executor's own (broken or stopped), which is not tracked. */
    internal fun setExecutorError(error: Throwable) = complete(null, error, track = false)

    /** Fails a future that is not done with the executor's [error]; does nothing to a done one. */
    internal fun failIfNotDone(error: Throwable) {
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

    // ---- internals: waiting -----------------------------------------------------------------------------

    /**
     * Registers [listener] to be told once this future is done; returns `false`, registering nothing, if it
     * already is. Listeners are the library's own (waiters, `asCompleted`, `wait`): quick and non-throwing.
     */
    internal fun addListener(listener: DoneListener): Boolean = push(listener)

    /** Stops telling [listener]; one already being told may still be. */
    internal fun removeListener(listener: DoneListener) {
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

    /** How many entries [waiters] holds, removed ones included (for tests). */
    internal fun waiterEntries(): Int {
        var count = 0
        var node = waiters as? Waiter
        while (node != null) {
            count++
            node = node.next
        }
        return count
    }

    /** Runs [action] once done; returns `true`, without registering it, when the future already is done. */
    private inline fun whenDone(crossinline action: (Future<T>) -> Unit): Boolean =
        !addListener { action(this) }

    /** Whether the task finished by throwing (without counting as retrieving the exception). */
    internal fun finishedWithException(): Boolean = outcome is Failure

    private suspend fun awaitDone(timeout: Duration?, what: String) {
        checkTimeout(timeout)
        if (done()) return
        if (timeout == null) {
            awaitDone()
        } else if (withTimeoutOrNull(timeout) { awaitDone() } == null && !done()) {
            throw TimeoutError("$what() not ready within $timeout: $this")
        }
    }

    /**
     * The blocking twins' wait. Unlike the library's other twins it parks the thread itself rather than
     * running the suspend form in `runBlocking`: `submit` + `result()` is the executors' hot path, and this
     * keeps it as cheap as the JDK's own futures. An interrupt ends the wait with [InterruptedException].
     */
    private fun parkUntilDone(timeout: Duration?, what: String) {
        checkTimeout(timeout)
        if (done()) return
        warnIfOnDefaultDispatcher()
        val thread = Thread.currentThread()
        val listener = DoneListener { LockSupport.unpark(thread) }
        if (!addListener(listener)) return
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
        }
    }

    private suspend fun awaitDone() {
        suspendCancellableCoroutine { cont ->
            val listener = DoneListener { cont.resume(Unit) }
            if (addListener(listener)) cont.invokeOnCancellation { removeListener(listener) } else cont.resume(Unit)
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun outcome(): T {
        val o = outcome
        return when {
            o === CANCELLED_MARK -> throw CancelledError("the task was cancelled before it ran: $this")
            o is Failure -> throw o.retrieve()
            o === NULL_VALUE -> null as T
            else -> o as T
        }
    }

    private fun failureOutcome(): Throwable? {
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

    // ---- internals: done callbacks ----------------------------------------------------------------------

    private class SuspendCallback(val fn: suspend (Future<*>) -> Unit)

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

    internal companion object {
        private val RUNNING_MARK = Symbol("RUNNING")
        private val CANCELLED_MARK = Symbol("CANCELLED")
        /** A task's `null` result, told apart from the pending state's `null`. */
        private val NULL_VALUE = Symbol("NULL")
        private val DONE = Symbol("DONE")

        // Initialized in Future's own static initializer, which may reach its private fields.
        private val OUTCOME = AtomicReferenceFieldUpdater.newUpdater(Future::class.java, Any::class.java, "outcome")
        private val WAITERS = AtomicReferenceFieldUpdater.newUpdater(Future::class.java, Any::class.java, "waiters")

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

/** Told once a future is done: the library's own waiters, never user code. */
internal fun interface DoneListener {
    fun futureDone(future: Future<*>)
}
