package dev.coprocessing.pool

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.CancelledError
import dev.coprocessing.Progress
import dev.coprocessing.cpuCount
import dev.coprocessing.engine.Body
import dev.coprocessing.spawn.BaseContext
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.engine.Worker
import dev.coprocessing.process.blocking
import java.util.concurrent.Callable
import java.util.function.BiFunction
import java.util.function.Consumer
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow

/**
 * A pool of worker processes, as CPython's `multiprocessing.Pool`: tasks submitted with [apply], [applyAsync],
 * [map], [imap] and their variants run on [processes] workers, at most one task per worker at a time.
 *
 * **Where tasks run.** Each of the [processes] workers is a worker process with a thread of its own, named
 * after it (`SpawnPoolWorker-N`), never a thread of `Dispatchers.Default`, so a task cannot starve the rest of
 * the application. A Kotlin task is a suspend function; while it is suspended its worker's thread is parked
 * and its worker still counts as busy, as a sleeping CPython worker does. A Java task (`Callable`, `Function`)
 * may block its worker's thread. Inside a task, `currentProcess()` is its worker, with a pid of its own; a few
 * workers serve many tasks. [terminate] stops running tasks, suspended or blocked (`Thread.sleep` included). Tasks run on real time, even under kotlinx-coroutines-test: waiting for their results with a
 * timeout belongs in `runBlocking` or `Dispatchers.Default`, not in `runTest`. [ThreadPool], CPython's
 * `multiprocessing.pool.ThreadPool`, is the one subclass: its workers are threads of the process that made it.
 *
 * **Results and callbacks.** Each `…Async` call returns an [AsyncResult]. Callbacks run in the pool's result
 * handler — one thread of the process that made the pool, one callback at a time, in completion order —
 * never in a worker. A task or callback that throws fails only its own result; the pool goes on serving. An
 * exception that no one retrieves is reported once on stderr, when its result is dropped or the pool shuts
 * down.
 *
 * **Lifecycle.** [close] stops new submissions and lets the queued tasks finish; [terminate] stops everything
 * at once: queued tasks are dropped, running ones cancelled (a blocking one is interrupted), and every result
 * not yet ready fails with [CancelledError]. [join] waits, after either, until the workers have ended. `Pool`
 * is not `AutoCloseable`: its `close()` is CPython's "no more tasks". In Kotlin, [pool] opens a pool for a
 * block and closes and joins it at the end. A pool made inside a process and still running when that
 * process's body ends is terminated and joined there, as CPython's exit handler does.
 *
 * **Workers.** With an [initializer], each worker runs it once before its first task. With
 * `maxtasksperchild = n`, a worker retires after `n` tasks (a chunk of a map counts as one) and a new worker,
 * with a new name and pid, takes its place and runs the initializer again. If an initializer throws, its worker
 * ends with exit code 1 and the pool is broken: pending and later submissions fail with [BrokenProcessPool]
 * (CPython would start failing workers forever).
 *
 * ```kotlin
 * pool(4) {
 *     val r: Int = apply { 6 * 7 }
 *     val a: AsyncResult<Int> = applyAsync(callback = { println(it) }) { 6 * 7 }
 *     val squares: List<Int> = map(0 until 10) { it * it }
 *     imap(0 until 10, chunksize = 2) { it * it }.collect { println(it) }
 *     val sums: List<Int> = starmap(listOf(1 to 2, 3 to 4)) { (x, y) -> x + y }
 * }
 * ```
 * ```java
 * Pool pool = new Pool(4);
 * List<Integer> squares = pool.map(List.of(1, 2, 3), x -> x * x);
 * AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
 * pool.close();
 * pool.join();
 * System.out.println(r.get());
 * ```
 */
public open class Pool internal constructor(
    processes: Int,
    private val initializer: Body<Unit, Unit>?,
    private val maxtasksperchild: Int?,
    /** For a [ThreadPool], how its workers are threads; `null` for worker processes. */
    threads: PoolThreads?,
    /** How worker processes are made; `null`: the current start method. */
    context: BaseContext? = null,
) {
    /**
     * A pool of [processes] workers (default: [cpuCount]). Each worker runs [initializer] (a suspend function)
     * once, as that worker, before its first task; with [maxtasksperchild], a worker is replaced by a fresh one
     * after that many tasks. The workers start now.
     *
     * Throws `IllegalArgumentException` when [processes] is below 1 ("Number of processes must be at least 1")
     * or [maxtasksperchild] is not positive ("maxtasksperchild must be a positive int or None").
     *
     * ```kotlin
     * val pool = Pool(4, initializer = { println("${currentProcess().name} ready") }, maxtasksperchild = 100)
     * ```
     */
    @JvmOverloads
    public constructor(
        processes: Int = cpuCount(),
        initializer: (suspend () -> Unit)? = null,
        maxtasksperchild: Int? = null,
        /**
         * How the workers are made, as CPython's `context`: `getContext("spawn")` makes each worker a JVM of its
         * own (what a task captures, its items and results then cross as serialized copies). `null`: the
         * current start method.
         */
        context: BaseContext? = null,
    ) : this(processes, initializer?.let { init -> Body.Suspending<Unit, Unit> { init() } }, maxtasksperchild, null, context)

    /**
     * A pool of [processes] workers made by [context] (Java).
     *
     * ```java
     * Pool pool = new Pool(4, Contexts.getContext("spawn"));
     * ```
     */
    public constructor(processes: Int, context: BaseContext) : this(processes, null as Body<Unit, Unit>?, null, null, context)

    /**
     * A pool of [processes] workers made by [context], each running the blocking [initializer] once (Java).
     *
     * ```java
     * Pool pool = new Pool(4, () -> connect(), Contexts.getContext("spawn"));
     * ```
     */
    public constructor(processes: Int, initializer: Runnable, context: BaseContext) :
        this(processes, Body.Blocking<Unit, Unit>(RunnableBody(initializer)), null, null, context)

    /**
     * A pool of [processes] workers, each running the blocking [initializer] once before its first task.
     *
     * ```java
     * Pool pool = new Pool(4, () -> System.out.println("worker ready"));
     * ```
     */
    public constructor(processes: Int, initializer: Runnable) :
        this(processes, Body.Blocking<Unit, Unit>(RunnableBody(initializer)), null, null)

    /**
     * A pool of [processes] workers running [initializer] once each; a worker is replaced by a new one (which
     * runs [initializer] again) after [maxtasksperchild] tasks.
     *
     * ```java
     * Pool pool = new Pool(4, () -> connect(), 100);
     * ```
     */
    public constructor(processes: Int, initializer: Runnable, maxtasksperchild: Int) :
        this(processes, Body.Blocking<Unit, Unit>(RunnableBody(initializer)), maxtasksperchild, null)

    /**
     * A pool of [processes] workers, each replaced by a new one after [maxtasksperchild] tasks.
     *
     * ```java
     * Pool pool = new Pool(4, 100);
     * ```
     */
    public constructor(processes: Int, maxtasksperchild: Int) : this(processes, null as Body<Unit, Unit>?, maxtasksperchild, null, null)

    /**
     * How many workers the pool runs, as CPython's `_processes`.
     *
     * ```kotlin
     * println(pool.processes)
     * ```
     */
    public val processes: Int = processes

    init {
        require(processes >= 1) { "Number of processes must be at least 1, got $processes" }
        require(maxtasksperchild == null || maxtasksperchild > 0) {
            "maxtasksperchild must be a positive int or None, got $maxtasksperchild (pass null for workers that never retire)"
        }
    }

    /** The machinery: the engine's workers, the result handler, and the accounting `close()` waits on. */
    private val core = PoolCore(
        this, processes, initializer, maxtasksperchild, threads,
        processBackend = if (threads == null) BaseContext.processBackend(context) else null,
    )

    // ---- apply ------------------------------------------------------------------------------------------

    /**
     * Runs [task] on a worker and suspends until it returns, then returns its value or rethrows its exception,
     * as CPython's `apply`. One call runs one task: to run several at once, use [applyAsync] or [map].
     *
     * Cancelling the caller withdraws the task if it has not started; a running task finishes and its result
     * is dropped. Throws `IllegalStateException("Pool not running")` after [close] or [terminate].
     *
     * ```kotlin
     * val answer = pool.apply { 6 * 7 }
     * ```
     */
    @JvmSynthetic
    public suspend fun <T> apply(task: suspend () -> T): T = core.applyTask(Body.Suspending { task() })

    /**
     * Runs the blocking [task] on a worker and blocks until it returns (Java: `apply(...)`), as CPython's `apply`.
     *
     * ```java
     * int answer = pool.apply(() -> 6 * 7);
     * ```
     */
    @JvmName("apply")
    @Throws(InterruptedException::class)
    public fun <T> applyBlocking(task: Callable<T>): T = blocking { core.applyTask(Body.Blocking { task.call() }) }

    /**
     * Submits [task] and returns at once with its [AsyncResult], as CPython's `apply_async`. Never suspends.
     *
     * When the task returns, [callback] gets its value; when it throws, [errorCallback] gets the exception.
     * Both run in the pool's result handler, never in a worker, before the result becomes ready. One that
     * throws fails only this result: a [callback] with its own exception, an [errorCallback] with the task's
     * exception, which carries the callback's as suppressed. Throws `IllegalStateException("Pool not
     * running")` after [close] or [terminate].
     *
     * ```kotlin
     * val r = pool.applyAsync(callback = { println("got $it") }, errorCallback = { it.printStackTrace() }) { 6 * 7 }
     * ```
     */
    @JvmSynthetic
    public fun <T> applyAsync(
        callback: (suspend (T) -> Unit)? = null,
        errorCallback: (suspend (Throwable) -> Unit)? = null,
        task: suspend () -> T,
    ): AsyncResult<T> = core.submitApply(Body.Suspending { task() }, callback, errorCallback, watched = true).result

    /**
     * Submits the blocking [task] and returns its [AsyncResult] at once (Java: `applyAsync(...)`).
     *
     * ```java
     * AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
     * ```
     */
    public fun <T> applyAsync(task: Callable<T>): AsyncResult<T> =
        core.submitApply(Body.Blocking { task.call() }, null, null, watched = true).result

    /**
     * Submits the blocking [task]; [callback] gets its value in the pool's result handler.
     *
     * ```java
     * pool.applyAsync(v -> System.out.println(v), () -> 6 * 7);
     * ```
     */
    public fun <T> applyAsync(callback: Consumer<in T>, task: Callable<T>): AsyncResult<T> =
        core.submitApply(Body.Blocking { task.call() }, { callback.accept(it) }, null, watched = true).result

    /**
     * Submits the blocking [task]; [callback] gets its value, or [errorCallback] its exception, in the pool's
     * result handler.
     *
     * ```java
     * pool.applyAsync(v -> System.out.println(v), e -> e.printStackTrace(), () -> 6 * 7);
     * ```
     */
    public fun <T> applyAsync(callback: Consumer<in T>, errorCallback: Consumer<in Throwable>, task: Callable<T>): AsyncResult<T> =
        core.submitApply(Body.Blocking { task.call() }, { callback.accept(it) }, { errorCallback.accept(it) }, watched = true).result

    // ---- map --------------------------------------------------------------------------------------------

    /**
     * Applies [func] to every item of [iterable] on the workers and suspends until all are done; returns the
     * results in input order, as CPython's `map`. The first item to throw fails the call (its exception is
     * rethrown) and the chunks not yet started are skipped.
     *
     * The input is cut into chunks of [chunksize] items, each one task for a worker; by default, CPython's rule:
     * about four chunks per worker, so a map of a million tiny items costs a few dozen tasks. [progress] hears
     * of each chunk done, from the result handler. Cancelling the caller skips the chunks not yet started.
     * Throws `IllegalArgumentException` for a [chunksize] below 1, `IllegalStateException("Pool not running")`
     * after [close] or [terminate].
     *
     * ```kotlin
     * val squares = pool.map(0 until 10) { it * it }
     * val pages = pool.map(urls, progress = Progress.console()) { fetch(it) }
     * ```
     */
    @JvmSynthetic
    public suspend fun <A, R> map(
        iterable: Iterable<A>,
        chunksize: Int? = null,
        progress: Progress? = null,
        func: suspend (A) -> R,
    ): List<R> = core.mapTask(iterable, chunksize, progress, Body.Suspending(func))

    /**
     * Applies the blocking [func] to every item of [iterable] on the workers and returns the results in order
     * (Java: `map(...)`).
     *
     * ```java
     * List<Integer> squares = pool.map(List.of(1, 2, 3), x -> x * x);
     * ```
     */
    @JvmName("map")
    @Throws(InterruptedException::class)
    public fun <A, R> mapBlocking(iterable: Iterable<A>, func: java.util.function.Function<in A, out R>): List<R> =
        blocking { core.mapTask(iterable, null, null, Body.Blocking(func::apply)) }

    /**
     * [mapBlocking] in chunks of [chunksize] items (Java: `map(items, chunksize, func)`).
     *
     * ```java
     * List<Integer> squares = pool.map(items, 100, x -> x * x);
     * ```
     */
    @JvmName("map")
    @Throws(InterruptedException::class)
    public fun <A, R> mapBlocking(iterable: Iterable<A>, chunksize: Int, func: java.util.function.Function<in A, out R>): List<R> =
        blocking { core.mapTask(iterable, chunksize, null, Body.Blocking(func::apply)) }

    /**
     * [mapBlocking] telling [progress] of each chunk done (Java: `map(items, Progress.console(), func)`).
     *
     * ```java
     * List<Integer> squares = pool.map(items, Progress.console(), x -> x * x);
     * ```
     */
    @JvmName("map")
    @Throws(InterruptedException::class)
    public fun <A, R> mapBlocking(iterable: Iterable<A>, progress: Progress, func: java.util.function.Function<in A, out R>): List<R> =
        blocking { core.mapTask(iterable, null, progress, Body.Blocking(func::apply)) }

    /**
     * [mapBlocking] in chunks of [chunksize] items, telling [progress] of each chunk done.
     *
     * ```java
     * List<Integer> squares = pool.map(items, 100, Progress.console(), x -> x * x);
     * ```
     */
    @JvmName("map")
    @Throws(InterruptedException::class)
    public fun <A, R> mapBlocking(
        iterable: Iterable<A>,
        chunksize: Int,
        progress: Progress,
        func: java.util.function.Function<in A, out R>,
    ): List<R> = blocking { core.mapTask(iterable, chunksize, progress, Body.Blocking(func::apply)) }

    /**
     * Submits a [map] and returns its [AsyncResult] at once, as CPython's `map_async`. Never suspends.
     *
     * [callback] gets the whole list when every item is done; [errorCallback] gets the first exception. Both
     * run in the pool's result handler; one that throws fails only this result, as with [applyAsync]. The
     * input is read now, in the caller.
     *
     * ```kotlin
     * val r = pool.mapAsync(0 until 10, callback = { println(it.sum()) }) { it * it }
     * ```
     */
    @JvmSynthetic
    public fun <A, R> mapAsync(
        iterable: Iterable<A>,
        chunksize: Int? = null,
        callback: (suspend (List<R>) -> Unit)? = null,
        errorCallback: (suspend (Throwable) -> Unit)? = null,
        progress: Progress? = null,
        func: suspend (A) -> R,
    ): AsyncResult<List<R>> =
        core.startMap(iterable, chunksize, Body.Suspending(func), callback, errorCallback, progress, watched = true).result

    /**
     * Submits a map of the blocking [func] over [iterable] (Java: `mapAsync(items, func)`).
     *
     * ```java
     * AsyncResult<List<Integer>> r = pool.mapAsync(List.of(1, 2, 3), x -> x * x);
     * ```
     */
    public fun <A, R> mapAsync(iterable: Iterable<A>, func: java.util.function.Function<in A, out R>): AsyncResult<List<R>> =
        core.startMap(iterable, null, Body.Blocking(func::apply), null, null, null, watched = true).result

    /**
     * Submits a map in chunks of [chunksize] items (Java: `mapAsync(items, chunksize, func)`).
     *
     * ```java
     * AsyncResult<List<Integer>> r = pool.mapAsync(items, 100, x -> x * x);
     * ```
     */
    public fun <A, R> mapAsync(iterable: Iterable<A>, chunksize: Int, func: java.util.function.Function<in A, out R>): AsyncResult<List<R>> =
        core.startMap(iterable, chunksize, Body.Blocking(func::apply), null, null, null, watched = true).result

    /**
     * Submits a map; [callback] gets the whole list in the pool's result handler.
     *
     * ```java
     * pool.mapAsync(items, list -> System.out.println(list), x -> x * x);
     * ```
     */
    public fun <A, R> mapAsync(
        iterable: Iterable<A>,
        callback: Consumer<in @JvmSuppressWildcards List<R>>,
        func: java.util.function.Function<in A, out R>,
    ): AsyncResult<List<R>> =
        core.startMap(iterable, null, Body.Blocking(func::apply), { callback.accept(it) }, null, null, watched = true).result

    /**
     * Submits a map; [callback] gets the whole list, or [errorCallback] the first exception, in the pool's
     * result handler.
     *
     * ```java
     * pool.mapAsync(items, list -> System.out.println(list), e -> e.printStackTrace(), x -> x * x);
     * ```
     */
    public fun <A, R> mapAsync(
        iterable: Iterable<A>,
        callback: Consumer<in @JvmSuppressWildcards List<R>>,
        errorCallback: Consumer<in Throwable>,
        func: java.util.function.Function<in A, out R>,
    ): AsyncResult<List<R>> = core.startMap(
        iterable, null, Body.Blocking(func::apply), { callback.accept(it) }, { errorCallback.accept(it) }, null, watched = true,
    ).result

    /**
     * Submits a map in chunks of [chunksize]; [callback] gets the whole list, or [errorCallback] the first
     * exception, in the pool's result handler.
     *
     * ```java
     * pool.mapAsync(items, 100, list -> System.out.println(list), e -> e.printStackTrace(), x -> x * x);
     * ```
     */
    public fun <A, R> mapAsync(
        iterable: Iterable<A>,
        chunksize: Int,
        callback: Consumer<in @JvmSuppressWildcards List<R>>,
        errorCallback: Consumer<in Throwable>,
        func: java.util.function.Function<in A, out R>,
    ): AsyncResult<List<R>> = core.startMap(
        iterable, chunksize, Body.Blocking(func::apply), { callback.accept(it) }, { errorCallback.accept(it) }, null, watched = true,
    ).result

    // ---- starmap ----------------------------------------------------------------------------------------

    /**
     * [map] for items that are tuples, as CPython's `starmap`: pairs, triples or data classes, taken apart by
     * a destructuring lambda.
     *
     * ```kotlin
     * val sums = pool.starmap(listOf(1 to 2, 3 to 4)) { (x, y) -> x + y }   // [3, 7]
     * ```
     */
    @JvmSynthetic
    public suspend fun <A, R> starmap(iterable: Iterable<A>, chunksize: Int? = null, func: suspend (A) -> R): List<R> =
        core.mapTask(iterable, chunksize, null, Body.Suspending(func))

    /**
     * Applies [func] to the two halves of each pair (Java: `starmap(pairs, func)`), as CPython's `starmap`.
     *
     * ```java
     * List<Integer> sums = pool.starmap(List.of(new Pair<>(1, 2), new Pair<>(3, 4)), (x, y) -> x + y);
     * ```
     */
    @JvmName("starmap")
    @Throws(InterruptedException::class)
    public fun <A, B, R> starmapBlocking(iterable: Iterable<Pair<A, B>>, func: BiFunction<in A, in B, out R>): List<R> =
        blocking { core.mapTask(iterable, null, null, Body.Blocking { (a, b) -> func.apply(a, b) }) }

    /**
     * [starmapBlocking] in chunks of [chunksize] items (Java: `starmap(pairs, chunksize, func)`).
     *
     * ```java
     * List<Integer> sums = pool.starmap(pairs, 100, (x, y) -> x + y);
     * ```
     */
    @JvmName("starmap")
    @Throws(InterruptedException::class)
    public fun <A, B, R> starmapBlocking(iterable: Iterable<Pair<A, B>>, chunksize: Int, func: BiFunction<in A, in B, out R>): List<R> =
        blocking { core.mapTask(iterable, chunksize, null, Body.Blocking { (a, b) -> func.apply(a, b) }) }

    /**
     * Submits a [starmap] and returns its [AsyncResult] at once, as CPython's `starmap_async`.
     *
     * ```kotlin
     * val r = pool.starmapAsync(listOf(1 to 2, 3 to 4)) { (x, y) -> x * y }
     * ```
     */
    @JvmSynthetic
    public fun <A, R> starmapAsync(
        iterable: Iterable<A>,
        chunksize: Int? = null,
        callback: (suspend (List<R>) -> Unit)? = null,
        errorCallback: (suspend (Throwable) -> Unit)? = null,
        func: suspend (A) -> R,
    ): AsyncResult<List<R>> =
        core.startMap(iterable, chunksize, Body.Suspending(func), callback, errorCallback, null, watched = true).result

    /**
     * Submits a starmap of the blocking [func] over pairs (Java: `starmapAsync(pairs, func)`).
     *
     * ```java
     * AsyncResult<List<Integer>> r = pool.starmapAsync(pairs, (x, y) -> x * y);
     * ```
     */
    public fun <A, B, R> starmapAsync(iterable: Iterable<Pair<A, B>>, func: BiFunction<in A, in B, out R>): AsyncResult<List<R>> =
        core.startMap(iterable, null, Body.Blocking { (a, b) -> func.apply(a, b) }, null, null, null, watched = true).result

    /**
     * Submits a starmap; [callback] gets the whole list, or [errorCallback] the first exception, in the
     * pool's result handler.
     *
     * ```java
     * pool.starmapAsync(pairs, list -> System.out.println(list), e -> e.printStackTrace(), (x, y) -> x * y);
     * ```
     */
    public fun <A, B, R> starmapAsync(
        iterable: Iterable<Pair<A, B>>,
        callback: Consumer<in @JvmSuppressWildcards List<R>>,
        errorCallback: Consumer<in Throwable>,
        func: BiFunction<in A, in B, out R>,
    ): AsyncResult<List<R>> = core.startMap(
        iterable, null, Body.Blocking { (a, b) -> func.apply(a, b) }, { callback.accept(it) }, { errorCallback.accept(it) },
        null, watched = true,
    ).result

    // ---- imap -------------------------------------------------------------------------------------------

    /**
     * A lazy [map], as CPython's `imap`: a cold [Flow] of the results in input order, each emitted as soon as
     * it and those before it are done. Never suspends; nothing runs until the flow is collected, and it can be
     * collected once.
     *
     * The collector reads [iterable] lazily, [chunksize] items per task (default 1), keeping a few chunks per
     * worker ahead of itself, so an endless input works. A task's exception is thrown by `collect` when its
     * item is reached. Cancelling the collector (or stopping early, as `take(3)` does) skips the chunks not
     * yet started. A pool closed during the collection waits for it to end; but collecting needs a running
     * pool at its start: collect before [close]. [progress] hears of each chunk the collector has passed.
     *
     * Throws `IllegalArgumentException` for a [chunksize] below 1, `IllegalStateException("Pool not running")`
     * after [close] or [terminate] (at the call, and when collection starts).
     *
     * ```kotlin
     * pool.imap(0 until 10, chunksize = 2) { it * it }.collect { println(it) }
     * ```
     */
    @JvmSynthetic
    public fun <A, R> imap(iterable: Iterable<A>, chunksize: Int = 1, progress: Progress? = null, func: suspend (A) -> R): Flow<R> =
        core.lazyFlow(iterable, chunksize, progress, Body.Suspending(func), ordered = true)

    /**
     * The Java form of [imap]: an [Iterator] of the results in input order. As CPython does, every task is
     * submitted now (the input is read at the call) and results wait for the iterator, so it may be read after
     * [close] and [join]. `hasNext()` blocks until the next result is done; `next()` throws a task's exception
     * when its item is reached. An interrupt of the thread blocked in `hasNext()` or `next()` ends the wait with
     * `InterruptedException`, which `java.util.Iterator` cannot declare: catch it as an `Exception`.
     *
     * ```java
     * Iterator<Integer> it = pool.imap(List.of(1, 2, 3), x -> x * x);
     * while (it.hasNext()) System.out.println(it.next());
     * ```
     */
    @JvmName("imap")
    public fun <A, R> imapBlocking(iterable: Iterable<A>, func: java.util.function.Function<in A, out R>): Iterator<R> =
        core.eagerIterator(iterable, 1, null, Body.Blocking(func::apply), ordered = true)

    /**
     * [imapBlocking] in chunks of [chunksize] items (Java: `imap(items, chunksize, func)`).
     *
     * ```java
     * Iterator<Integer> it = pool.imap(items, 10, x -> x * x);
     * ```
     */
    @JvmName("imap")
    public fun <A, R> imapBlocking(iterable: Iterable<A>, chunksize: Int, func: java.util.function.Function<in A, out R>): Iterator<R> =
        core.eagerIterator(iterable, chunksize, null, Body.Blocking(func::apply), ordered = true)

    /**
     * [imapBlocking] in chunks of [chunksize], telling [progress] of each chunk read.
     *
     * ```java
     * Iterator<Integer> it = pool.imap(items, 10, Progress.console(), x -> x * x);
     * ```
     */
    @JvmName("imap")
    public fun <A, R> imapBlocking(
        iterable: Iterable<A>,
        chunksize: Int,
        progress: Progress,
        func: java.util.function.Function<in A, out R>,
    ): Iterator<R> = core.eagerIterator(iterable, chunksize, progress, Body.Blocking(func::apply), ordered = true)

    /**
     * As [imap], but the results come in the order they are done, as CPython's `imap_unordered`.
     *
     * ```kotlin
     * pool.imapUnordered(urls) { fetch(it) }.collect { page -> save(page) }
     * ```
     */
    @JvmSynthetic
    public fun <A, R> imapUnordered(
        iterable: Iterable<A>,
        chunksize: Int = 1,
        progress: Progress? = null,
        func: suspend (A) -> R,
    ): Flow<R> = core.lazyFlow(iterable, chunksize, progress, Body.Suspending(func), ordered = false)

    /**
     * The Java form of [imapUnordered]: an [Iterator] of the results in the order they are done; every task
     * is submitted now, and an interrupt ends a blocked `hasNext()` or `next()`, as with [imapBlocking].
     *
     * ```java
     * Iterator<Integer> it = pool.imapUnordered(List.of(3, 1, 2), x -> x * x);
     * ```
     */
    @JvmName("imapUnordered")
    public fun <A, R> imapUnorderedBlocking(iterable: Iterable<A>, func: java.util.function.Function<in A, out R>): Iterator<R> =
        core.eagerIterator(iterable, 1, null, Body.Blocking(func::apply), ordered = false)

    /**
     * [imapUnorderedBlocking] in chunks of [chunksize] items.
     *
     * ```java
     * Iterator<Integer> it = pool.imapUnordered(items, 10, x -> x * x);
     * ```
     */
    @JvmName("imapUnordered")
    public fun <A, R> imapUnorderedBlocking(
        iterable: Iterable<A>,
        chunksize: Int,
        func: java.util.function.Function<in A, out R>,
    ): Iterator<R> = core.eagerIterator(iterable, chunksize, null, Body.Blocking(func::apply), ordered = false)

    /**
     * [imapUnorderedBlocking] in chunks of [chunksize], telling [progress] of each chunk read.
     *
     * ```java
     * Iterator<Integer> it = pool.imapUnordered(items, 10, Progress.console(), x -> x * x);
     * ```
     */
    @JvmName("imapUnordered")
    public fun <A, R> imapUnorderedBlocking(
        iterable: Iterable<A>,
        chunksize: Int,
        progress: Progress,
        func: java.util.function.Function<in A, out R>,
    ): Iterator<R> = core.eagerIterator(iterable, chunksize, progress, Body.Blocking(func::apply), ordered = false)

    // ---- lifecycle --------------------------------------------------------------------------------------

    /**
     * Stops the pool from taking new tasks, as CPython's `close()`: the tasks already submitted run to the end
     * (with their callbacks), then the workers exit by themselves. Never waits: [join] does. Closing twice, or
     * after [terminate], does nothing.
     *
     * ```kotlin
     * pool.close()
     * pool.join()
     * ```
     */
    public fun close(): Unit = core.close()

    /**
     * Stops the pool now, as CPython's `terminate()`: queued tasks are dropped, running tasks are cancelled
     * (a blocking task's thread is interrupted), pending callbacks are not run, and every result not yet ready
     * fails at once with [CancelledError]. Never waits: [join] waits for the workers to end. Terminating twice
     * does nothing.
     *
     * ```kotlin
     * pool.terminate()
     * pool.join()
     * ```
     */
    public fun terminate(): Unit = core.terminate()

    /**
     * Suspends until the pool has shut down: after [close], once every task and callback has run; after
     * [terminate], once the workers have stopped. Then every exception no one retrieved has been reported.
     * Cancelling the caller stops the wait only.
     *
     * Throws `IllegalStateException("Pool is still running")` before [close] or [terminate], as CPython does,
     * and when called from one of this pool's tasks or callbacks (that would wait for itself).
     *
     * ```kotlin
     * pool.close()
     * pool.join()
     * ```
     */
    @JvmSynthetic
    public suspend fun join(): Unit = core.join(currentCoroutineContext())

    /**
     * Blocks until the pool has shut down (Java: `join()`); the blocking twin of [join].
     *
     * ```java
     * pool.close();
     * pool.join();
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking() {
        core.checkBlockingJoin()
        blocking { join() }
    }

    /** CPython's repr: `<Pool state=RUN pool_size=4>` (`CLOSE`, `TERMINATE`). */
    override fun toString(): String = "<${javaClass.simpleName.ifEmpty { "Pool" }} state=${core.stateName()} pool_size=$processes>"

    // ---- internals --------------------------------------------------------------------------------------

    /** The workers alive now, each with its count of tasks run. */
    internal fun liveWorkers(): List<Worker> = core.liveWorkers()

    /** Reports the exceptions of this pool's results that no one retrieved. */
    internal val failures: Unretrieved get() = core.failures
}

/** A Java initializer as a pool's blocking body: serializable when [fn] is, so that it crosses to a worker JVM. */
internal class RunnableBody(private val fn: Runnable) : (Unit) -> Unit, java.io.Serializable {
    override fun invoke(unit: Unit) = fn.run()

    private companion object {
        private const val serialVersionUID = 1L
    }
}
