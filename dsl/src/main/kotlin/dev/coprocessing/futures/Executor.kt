package dev.coprocessing.futures

import dev.coprocessing.Progress
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.Inputs
import dev.coprocessing.process.Signals
import dev.coprocessing.process.blocking
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import java.util.concurrent.Callable
import java.util.concurrent.ExecutorService
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.flow.Flow

/**
 * What [ProcessPoolExecutor] and [ThreadPoolExecutor] share, as CPython's `concurrent.futures.Executor`:
 * [submit] a task and get its [Future], [map] a function over items, [shutdown] when done.
 *
 * Each executor runs at most `maxWorkers` workers, each on a thread of its own (never one of
 * `Dispatchers.Default`), and each worker runs one task at a time. Workers start on demand, as CPython
 * 3.11+ starts them: a task goes to an idle worker, and a new worker starts only when none is idle. Tasks are
 * suspend lambdas (Kotlin) or blocking `Callable`s and `Runnable`s (Java); a suspend task keeps its worker
 * while it is suspended, as a CPython task holds its worker while it sleeps.
 *
 * It is [AutoCloseable]: `use { }` and Java's try-with-resources end with `shutdown(wait = true)`. That
 * close blocks the calling thread; inside coroutines, prefer calling the suspend [shutdown] yourself.
 * One made inside a process (a `multiprocessing { }` block or a process's target) and still open when that
 * body ends is shut down there, waiting for its tasks, as CPython's exit handler does; its workers stop at
 * once if the body failed. One made outside every block and never shut down keeps its threads (daemon
 * threads: they never keep the JVM alive).
 *
 * ```kotlin
 * ProcessPoolExecutor(4).use { ex ->
 *     val f: Future<Int> = ex.submit { 6 * 7 }
 *     f.addDoneCallback { println(it.result()) }
 *     val ordered: Flow<Int> = ex.map(0 until 10, timeout = 5.seconds) { it * it }
 * }
 * ```
 */
public sealed class Executor : AutoCloseable {
    internal abstract val pool: WorkerPool

    /** How many workers run tasks at once. */
    public val maxWorkers: Int get() = pool.maxWorkers

    /**
     * Schedules [fn] to run on a worker and returns its [Future]. Never waits.
     *
     * Throws `IllegalStateException("cannot schedule new futures after shutdown")` after [shutdown], and a
     * [dev.coprocessing.BrokenExecutor] once the executor is broken (an initializer failed).
     *
     * ```kotlin
     * val f = ex.submit { 6 * 7 }
     * println(f.result())  // 42
     * ```
     */
    @JvmSynthetic
    public fun <T> submit(fn: suspend () -> T): Future<T> = pool.submit(TaskFuture.suspending(pool, fn))

    /**
     * Schedules the blocking [fn] to run on a worker thread and returns its [Future] (Java: `submit(Callable)`).
     *
     * ```java
     * Future<Integer> f = ex.submit(() -> 6 * 7);
     * ```
     */
    public fun <T> submit(fn: Callable<T>): Future<T> = pool.submit(TaskFuture.blocking(pool, fn))

    /**
     * Schedules the blocking [fn] to run on a worker thread; its future's result is `null`
     * (Java: `submit(Runnable)`, giving a `Future<Void>`).
     *
     * ```java
     * Future<Void> f = ex.submit(() -> System.out.println("hi"));
     * ```
     */
    public fun submit(fn: Runnable): Future<Nothing?> =
        pool.submit(TaskFuture.blocking(pool, RunnableCall(fn), source = fn))

    internal fun <T> submitSuspending(fn: suspend () -> T): Future<T> = pool.submit(TaskFuture.suspending(pool, fn))

    internal fun <T> submitBlocking(fn: Callable<T>): Future<T> = pool.submit(TaskFuture.blocking(pool, fn))

    /**
     * Applies [fn] to every item, in parallel on the workers, and returns the results in the order of
     * [items], as CPython's `Executor.map`. Never suspends: the work is submitted at the call (so a
     * shut-down executor throws here), and the returned [Flow] yields the results as they come, in order.
     * It can be collected once.
     *
     * - [timeout] counts from the call: a result not ready when it has passed throws [dev.coprocessing.TimeoutError].
     * - [chunksize] sends items to the workers in chunks, which saves overhead on many small items.
     * - [buffersize] submits only that many tasks (chunks) ahead of the reader, so a lazy, even infinite,
     *   input is read as the results are; without it, the whole input is read at the call.
     * - [progress] is told how many results have been read (see [Progress]).
     *
     * If a task throws, the flow rethrows its exception when it reaches that item. Whatever ends the
     * collection early (an exception, a timeout, `take(n)`, cancellation) cancels the tasks not yet started.
     *
     * ```kotlin
     * ex.map(0 until 10, timeout = 5.seconds) { it * it }.collect { println(it) }
     * ```
     */
    @JvmSynthetic
    public fun <A, T> map(
        items: Iterable<A>,
        timeout: Duration? = null,
        chunksize: Int = 1,
        buffersize: Int? = null,
        progress: Progress? = null,
        fn: suspend (A) -> T,
    ): Flow<T> = ExecutorMap(this, items.iterator(), Inputs.knownSize(items), timeout, chunksize, buffersize, progress, Body.Suspending(fn)).asFlow()

    /**
     * [map] over a lazy [Sequence]; with [buffersize] it may be infinite.
     *
     * ```kotlin
     * ex.map(generateSequence(1) { it + 1 }, buffersize = 4) { it * it }.take(5).toList()
     * ```
     */
    @JvmSynthetic
    public fun <A, T> map(
        items: Sequence<A>,
        timeout: Duration? = null,
        chunksize: Int = 1,
        buffersize: Int? = null,
        progress: Progress? = null,
        fn: suspend (A) -> T,
    ): Flow<T> = ExecutorMap(this, items.iterator(), null, timeout, chunksize, buffersize, progress, Body.Suspending(fn)).asFlow()

    /**
     * The Java view of [map]: applies the blocking [fn] to every item and returns an `Iterator` over the
     * results in order, whose `next()` blocks until the next one is ready (Java: `map(items, fn)`). An
     * interrupt of the thread blocked in `next()` ends the wait with `InterruptedException`, which
     * `java.util.Iterator` cannot declare: catch it as an `Exception`.
     *
     * ```java
     * Iterator<Integer> squares = ex.map(List.of(1, 2, 3), x -> x * x);
     * ```
     */
    @JvmName("map")
    public fun <A, T> mapBlocking(items: Iterable<A>, fn: java.util.function.Function<in A, out T>): Iterator<T> =
        mapBlocking(items, null, 1, null, null, fn)

    /**
     * [mapBlocking] with a [timeout] counted from the call (Java: `map(items, Duration, fn)`).
     *
     * ```java
     * Iterator<Integer> squares = ex.map(items, Duration.ofSeconds(5), x -> x * x);
     * ```
     */
    @JvmName("map")
    public fun <A, T> mapBlocking(
        items: Iterable<A>,
        timeout: java.time.Duration,
        fn: java.util.function.Function<in A, out T>,
    ): Iterator<T> = mapBlocking(items, timeout, 1, null, null, fn)

    /**
     * [mapBlocking] with a timeout of [timeoutSeconds] counted from the call (Java: `map(items, double, fn)`).
     *
     * ```java
     * Iterator<Integer> squares = ex.map(items, 5.0, x -> x * x);
     * ```
     */
    @JvmName("map")
    public fun <A, T> mapBlocking(
        items: Iterable<A>,
        timeoutSeconds: Double,
        fn: java.util.function.Function<in A, out T>,
    ): Iterator<T> = ExecutorMap(
        this, items.iterator(), Inputs.knownSize(items), secondsToTimeout(timeoutSeconds), 1, null, null, Body.Blocking(fn::apply),
    ).asIterator()

    /**
     * [mapBlocking] with every option of [map]; `null` stands for Python's `None` (no timeout, no buffer,
     * no progress) (Java: `map(items, timeout, chunksize, buffersize, progress, fn)`).
     *
     * ```java
     * Iterator<Integer> squares = ex.map(items, null, 16, 4, Progress.console(), x -> x * x);
     * ```
     */
    @JvmName("map")
    public fun <A, T> mapBlocking(
        items: Iterable<A>,
        timeout: java.time.Duration?,
        chunksize: Int,
        buffersize: Int?,
        progress: Progress?,
        fn: java.util.function.Function<in A, out T>,
    ): Iterator<T> = ExecutorMap(
        this, items.iterator(), Inputs.knownSize(items), timeout?.toTimeout(), chunksize, buffersize, progress, Body.Blocking(fn::apply),
    ).asIterator()

    /**
     * Stops accepting tasks and, with [wait], suspends until every task already submitted has run, the
     * workers have ended and the done callbacks have returned. With [cancelFutures], tasks not yet started
     * are cancelled first. Calling it again is harmless. Afterwards [submit] and [map] throw
     * `IllegalStateException`. When the executor has ended, exceptions of tasks that nobody retrieved are
     * reported on stderr.
     *
     * Called from one of this executor's own tasks or done callbacks, it cannot wait for itself: it then
     * returns at once, as with `wait = false`, instead of deadlocking (CPython raises "cannot join current
     * thread"). A worker process terminated or killed from outside breaks the executor, as in CPython: its
     * task and every pending one fail with [dev.coprocessing.BrokenProcessPool], and so does every later
     * [submit]; `shutdown(wait = true)` still returns. Cancelling the caller stops the wait, not the shutdown.
     *
     * ```kotlin
     * val ex = ProcessPoolExecutor(5)
     * repeat(10) { i -> ex.submit { work(i) } }
     * ex.shutdown()   // returns once all ten have run
     * ```
     */
    @JvmSynthetic
    public suspend fun shutdown(wait: Boolean = true, cancelFutures: Boolean = false) {
        pool.shutdown(cancelFutures)
        if (wait && !pool.calledFromOwnTask()) pool.awaitTermination()
    }

    /**
     * Blocks while the executor shuts down: the blocking twin of [shutdown] (Java: `shutdown()`,
     * `shutdown(boolean wait)`, `shutdown(boolean wait, boolean cancelFutures)`).
     *
     * ```java
     * ex.shutdown(true, true);  // cancel what has not started, wait for the rest
     * ```
     */
    @JvmOverloads
    @JvmName("shutdown")
    @Throws(InterruptedException::class)
    public fun shutdownBlocking(wait: Boolean = true, cancelFutures: Boolean = false) {
        if (!wait || pool.calledFromOwnThread()) pool.shutdown(cancelFutures) else blocking { shutdown(wait, cancelFutures) }
    }

    /**
     * `shutdown(wait = true)`: what `use { }` and try-with-resources call at the end. Blocks the calling
     * thread (see [shutdown]).
     *
     * ```java
     * try (var ex = new ThreadPoolExecutor(4)) { ex.submit(() -> work()); }
     * ```
     */
    @Throws(InterruptedException::class)
    override fun close(): Unit = shutdownBlocking(wait = true)

    /**
     * Stops the workers now, as Python 3.14's `terminate_workers()`: the executor shuts down, tasks not yet
     * started are cancelled, and running tasks are stopped (a suspend task is cancelled, a blocking one
     * interrupted); their futures fail with [dev.coprocessing.BrokenProcessPool] (or
     * [dev.coprocessing.BrokenThreadPool]). Worker processes end with exit code -15. Never waits: call
     * [shutdown] to wait for the workers to end. A blocking task that ignores interrupts runs to its end.
     *
     * ```kotlin
     * ex.terminateWorkers()
     * ex.shutdown()
     * ```
     */
    public fun terminateWorkers() {
        pool.stop(Signals.SIGTERM)
    }

    /**
     * The same as [terminateWorkers], as Python 3.14's `kill_workers()`; worker processes end with exit code
     * -9. (The JVM has one way to stop a thread, so both interrupt.)
     *
     * ```kotlin
     * ex.killWorkers()
     * ```
     */
    public fun killWorkers() {
        pool.stop(Signals.SIGKILL)
    }

    /**
     * A `java.util.concurrent.ExecutorService` running on this executor's workers, for libraries that want
     * one. It keeps the JDK's contract: `submit` gives a `java.util.concurrent.Future` whose `cancel(true)`
     * interrupts the task and whose `get()` wraps failures in `ExecutionException`; `execute` after shutdown
     * throws `RejectedExecutionException`; `shutdown()` is `shutdown(wait = false)`, `shutdownNow()` is
     * [terminateWorkers] and returns the tasks that never ran; `awaitTermination`, `invokeAll` and
     * `invokeAny` behave as in the JDK. Shutting down either view shuts down both.
     *
     * ```java
     * ExecutorService service = ex.asExecutorService();
     * List<java.util.concurrent.Future<Integer>> all = service.invokeAll(tasks);
     * ```
     */
    public fun asExecutorService(): ExecutorService = ExecutorServiceView(this)

    /**
     * A [CoroutineDispatcher] that runs coroutines on this executor's worker threads. Dispatching after the
     * executor has shut down cancels the coroutine's job, and the block then runs on `Dispatchers.IO` so that
     * the coroutine can finish, as kotlinx's executor dispatchers do.
     *
     * ```kotlin
     * withContext(ex.asCoroutineDispatcher()) { blockingCall() }
     * ```
     */
    public fun asCoroutineDispatcher(): CoroutineDispatcher = ExecutorDispatcher(this)

    /** A description such as `<ThreadPoolExecutor at 0x1b6d3586 max_workers=6 state=running>`. */
    override fun toString(): String =
        "<${javaClass.simpleName} at 0x${Integer.toHexString(System.identityHashCode(this))} " +
            "max_workers=$maxWorkers state=${pool.describeState()}>"
}
