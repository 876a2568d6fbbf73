package dev.coprocessing.pool

import dev.coprocessing.cpuCount
import dev.coprocessing.engine.Body
import dev.coprocessing.thread.Thread
import dev.coprocessing.thread.Threads

/**
 * A [Pool] whose workers are threads of this process, as CPython's `multiprocessing.pool.ThreadPool` (and
 * `multiprocessing.dummy.Pool`): the same calls (`apply`, `map`, `imap`, callbacks, `close`, `join`,
 * `terminate`) on [processes] threads, for work that blocks on I/O rather than work that computes.
 *
 * Its workers are daemon [Thread]s named `Thread-N (worker)`, as CPython names them: [enumerate][dev.coprocessing.thread.enumerate]
 * lists them and `currentThread()` in a task is its worker, while `currentProcess()` in a task is the process
 * that made the pool (a thread belongs to its process), not a worker process. They end with the pool, which
 * ends, if left open, with the process that made it.
 *
 * ```kotlin
 * val pool = ThreadPool(4)
 * val pages = pool.map(urls) { url -> download(url) }
 * pool.close()
 * pool.join()
 * ```
 * ```java
 * ThreadPool pool = new ThreadPool(4);
 * List<Integer> lengths = pool.map(urls, url -> download(url).length());
 * pool.close();
 * pool.join();
 * ```
 */
public class ThreadPool private constructor(
    processes: Int,
    initializer: Body<Unit, Unit>?,
    @Suppress("UNUSED_PARAMETER") marker: Unit,
) : Pool(processes, initializer, null, workerThreads) {
    /**
     * A pool of [processes] worker threads (default: [cpuCount]), each running [initializer] (a suspend
     * function) once before its first task.
     *
     * Throws `IllegalArgumentException` when [processes] is below 1 ("Number of processes must be at least 1").
     *
     * ```kotlin
     * val pool = ThreadPool(8, initializer = { println("${currentThread().name} ready") })
     * ```
     */
    @JvmOverloads
    public constructor(processes: Int = cpuCount(), initializer: (suspend () -> Unit)? = null) :
        this(processes, initializer?.let { init -> Body.Suspending<Unit, Unit> { init() } }, Unit)

    /**
     * A pool of [processes] worker threads, each running the blocking [initializer] once before its first task.
     *
     * ```java
     * ThreadPool pool = new ThreadPool(4, () -> System.out.println("worker ready"));
     * ```
     */
    public constructor(processes: Int, initializer: Runnable) :
        this(processes, Body.Blocking<Unit, Unit> { initializer.run() }, Unit)

    private companion object {
        /** Workers are `thread` package threads, named as CPython's: `Thread-N (worker)`. */
        val workerThreads = PoolThreads(
            name = { Threads.newName("worker") },
            newThread = { name, body -> Thread.poolWorker(name, body) },
            leaving = { Thread.poolWorkerLeaving() },
        )
    }
}
