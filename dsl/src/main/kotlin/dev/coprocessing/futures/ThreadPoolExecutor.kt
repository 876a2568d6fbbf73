package dev.coprocessing.futures

import dev.coprocessing.cpuCount

/**
 * An executor for work that blocks (I/O, blocking libraries), as CPython's
 * `concurrent.futures.ThreadPoolExecutor`: [maxWorkers] threads run the submitted tasks, in the process that
 * made the executor (so `currentProcess()` inside a task is that process, as for CPython's threads).
 *
 * Threads are named `<threadNamePrefix>_0`, `_1`, ... (`ThreadPoolExecutor-N_0` by default, as CPython names
 * them) and are daemon threads. With [virtual] and a JVM that has virtual threads (21+), the workers are
 * virtual threads; on older JVMs the flag is ignored. [initializer] runs on every worker thread before its
 * first task; if it throws, the executor is broken: pending and later tasks fail with
 * [dev.coprocessing.BrokenThreadPool].
 *
 * Throws `IllegalArgumentException("max_workers must be greater than 0")` when [maxWorkers] is not positive.
 *
 * ```kotlin
 * ThreadPoolExecutor(8, threadNamePrefix = "fetch").use { ex ->
 *     val pages = urls.map { url -> ex.submit { download(url) } }
 *     asCompleted(pages).collect { println(it.result().length) }
 * }
 * ```
 * ```java
 * try (ThreadPoolExecutor ex = new ThreadPoolExecutor(8, "fetch")) {
 *     Future<String> page = ex.submit(() -> download(url));
 * }
 * ```
 */
public class ThreadPoolExecutor @JvmOverloads constructor(
    maxWorkers: Int = defaultMaxWorkers(),
    threadNamePrefix: String = "",
    initializer: (suspend () -> Unit)? = null,
    virtual: Boolean = false,
) : Executor() {
    override val pool: WorkerPool = WorkerPool(
        owner = this,
        maxWorkers = maxWorkers,
        kind = WorkerKind.THREAD,
        threadNamePrefix = threadNamePrefix.ifEmpty { "ThreadPoolExecutor-${executorNumbers.getAndIncrement()}" },
        virtual = virtual,
        initializer = initializer,
        maxTasksPerChild = null,
    )

    /**
     * A thread pool whose threads each run the blocking [initializer] before their first task (Java).
     *
     * ```java
     * var ex = new ThreadPoolExecutor(4, "io", () -> System.out.println("thread ready"));
     * ```
     */
    public constructor(maxWorkers: Int, threadNamePrefix: String, initializer: Runnable) :
        this(maxWorkers, threadNamePrefix, suspending(initializer), false)

    /**
     * A thread pool of [virtual] threads where the JVM has them (Java).
     *
     * ```java
     * var ex = new ThreadPoolExecutor(100, "io", true);
     * ```
     */
    public constructor(maxWorkers: Int, threadNamePrefix: String, virtual: Boolean) :
        this(maxWorkers, threadNamePrefix, null, virtual)

    /**
     * A thread pool of [virtual] threads where available, whose threads run the blocking [initializer]
     * before their first task (Java).
     *
     * ```java
     * var ex = new ThreadPoolExecutor(100, "io", () -> setUp(), true);
     * ```
     */
    public constructor(maxWorkers: Int, threadNamePrefix: String, initializer: Runnable, virtual: Boolean) :
        this(maxWorkers, threadNamePrefix, suspending(initializer), virtual)

    public companion object {
        private val executorNumbers = java.util.concurrent.atomic.AtomicInteger()

        /**
         * CPython's default number of workers: `min(32, cpuCount() + 4)`, enough for I/O-bound work without
         * using very large resources on many-core machines.
         *
         * ```kotlin
         * val n = ThreadPoolExecutor.defaultMaxWorkers()
         * ```
         */
        @JvmStatic
        public fun defaultMaxWorkers(): Int = minOf(32, cpuCount() + 4)
    }
}
