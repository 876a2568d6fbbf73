package dev.coprocessing.futures

import dev.coprocessing.CancelledError
import dev.coprocessing.TimeoutError
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Deferred

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
        return outcomeOrThrow()
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
        return outcomeOrThrow()
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
        return outcomeOrThrow()
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
    public fun done(): Boolean = isDone()

    /** Whether the task is running now. Never waits.
     *
     * ```kotlin
     * println(f.running())
     * ```
     */
    public fun running(): Boolean = isRunning()

    /** Whether the future was cancelled. Never waits.
     *
     * ```kotlin
     * if (f.cancel()) check(f.cancelled())
     * ```
     */
    public fun cancelled(): Boolean = isCancelled()

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
    public fun cancel(): Boolean = cancelIfPending()

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
        addSuspendCallback(fn as suspend (Future<*>) -> Unit)
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
        addConsumerCallback(fn)
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
        settleWhenDone({ deferred.complete(it) }, { deferred.completeExceptionally(it) })
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
        settleWhenDone({ completable.complete(it) }, { completable.completeExceptionally(it) })
        return completable
    }

    /**
     * CPython's repr: `<Future at 0x1b6d3586 state=pending>`, `<Future at 0x1b6d3586 state=finished returned Int>`,
     * `<Future at 0x1b6d3586 state=finished raised IllegalStateException>`.
     */
    override fun toString(): String = describe()

    // ---- what the machinery provides (FutureState.kt) ---------------------------------------------------

    internal abstract fun describe(): String

    /** The executor that runs the task: its callbacks and its record of unretrieved exceptions. */
    internal abstract val pool: WorkerPool

    internal abstract fun isDone(): Boolean
    internal abstract fun isRunning(): Boolean
    internal abstract fun isCancelled(): Boolean
    internal abstract fun cancelIfPending(): Boolean

    /** Suspends until done; throws [TimeoutError] after [timeout], naming the call ([what]) that waited. */
    internal abstract suspend fun awaitDone(timeout: Duration?, what: String)

    /** The blocking twins' wait: parks the thread until done, at most [timeout]. */
    internal abstract fun parkUntilDone(timeout: Duration?, what: String)

    /** The result of a done future, or what it threw ([CancelledError] once cancelled). */
    internal abstract fun outcomeOrThrow(): T

    /** The exception of a done future, `null` when it returned ([CancelledError] thrown once cancelled). */
    internal abstract fun failureOutcome(): Throwable?

    internal abstract fun addSuspendCallback(fn: suspend (Future<*>) -> Unit)
    internal abstract fun addConsumerCallback(fn: Consumer<in Future<T>>)

    /** Calls one of the two with the outcome once done: at once, here, if it already is. */
    internal abstract fun settleWhenDone(onValue: (T) -> Unit, onError: (Throwable) -> Unit)

    /**
     * Registers [listener] to be told once this future is done; returns `false`, registering nothing, if it
     * already is. Listeners are the library's own (waiters, `asCompleted`, `wait`): quick and non-throwing.
     */
    internal abstract fun addListener(listener: DoneListener): Boolean

    /** Stops telling [listener]; one already being told may still be. */
    internal abstract fun removeListener(listener: DoneListener)

    /** Whether the task finished by throwing (without counting as retrieving the exception). */
    internal abstract fun finishedWithException(): Boolean

    /** How many entries the list of those to tell holds, removed ones included (for tests). */
    internal abstract fun waiterEntries(): Int
}

/** Told once a future is done: the library's own waiters, never user code. */
internal fun interface DoneListener {
    fun futureDone(future: Future<*>)
}
