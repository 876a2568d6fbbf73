package dev.coprocessing.futures

import dev.coprocessing.cpuCount
import dev.coprocessing.spawn.BaseContext

/**
 * An executor for CPU-bound work, as CPython's `concurrent.futures.ProcessPoolExecutor`: [maxWorkers]
 * worker processes run the submitted tasks in parallel, each on a thread of its own.
 *
 * CPython's workers are operating-system processes; here each worker is a [dev.coprocessing.process.Process]
 * (`SpawnProcess-1`, `SpawnProcess-2`, ..., a daemon child of the process that made the executor, with its own
 * pid), so `currentProcess()` inside a task names its worker. As in CPython, each worker runs one task at a
 * time, [initializer] runs in every worker before its first task, and with [maxTasksPerChild] a worker that
 * has run that many tasks ends and a new worker (a new process, initialized again) takes its place.
 * Objects are shared, not copied: a task sees the caller's objects themselves, so nothing needs pickling.
 *
 * If the initializer throws, the executor is broken: the task that needed the worker, every pending task
 * and every later [submit] fail with [dev.coprocessing.BrokenProcessPool].
 *
 * Throws `IllegalArgumentException` when [maxWorkers] is not positive ("max_workers must be greater than 0")
 * or [maxTasksPerChild] is not positive.
 *
 * ```kotlin
 * ProcessPoolExecutor(4).use { ex ->
 *     val f = ex.submit { currentProcess().name }
 *     println(f.result())                               // SpawnProcess-1
 *     ex.map(0 until 10) { it * it }.collect { println(it) }
 * }
 * ```
 * ```java
 * try (ProcessPoolExecutor ex = new ProcessPoolExecutor(4)) {
 *     Future<Integer> f = ex.submit(() -> 6 * 7);
 *     System.out.println(f.result());
 * }
 * ```
 */
public class ProcessPoolExecutor @JvmOverloads constructor(
    maxWorkers: Int = cpuCount(),
    initializer: (suspend () -> Unit)? = null,
    maxTasksPerChild: Int? = null,
    /**
     * How its workers are made, as CPython's `mp_context`: `getContext("spawn")` makes each worker a JVM of its
     * own. `null`: the current start method.
     */
    mpContext: BaseContext? = null,
) : Executor() {
    override val pool: WorkerPool = WorkerPool(
        owner = this,
        maxWorkers = maxWorkers,
        kind = WorkerKind.PROCESS,
        threadNamePrefix = "ProcessPoolExecutor-${executorNumbers.getAndIncrement()}",
        virtual = false,
        initializer = initializer,
        maxTasksPerChild = maxTasksPerChild,
        processBackend = BaseContext.processBackend(mpContext),
    )

    /**
     * A process pool whose workers each run the blocking [initializer] before their first task (Java).
     *
     * ```java
     * var ex = new ProcessPoolExecutor(4, () -> System.out.println("worker ready"));
     * ```
     */
    public constructor(maxWorkers: Int, initializer: Runnable) : this(maxWorkers, suspending(initializer), null)

    /**
     * A process pool whose workers run the blocking [initializer] first and are replaced after
     * [maxTasksPerChild] tasks (Java).
     *
     * ```java
     * var ex = new ProcessPoolExecutor(4, () -> {}, 100);
     * ```
     */
    public constructor(maxWorkers: Int, initializer: Runnable, maxTasksPerChild: Int) :
        this(maxWorkers, suspending(initializer), maxTasksPerChild)

    /**
     * A process pool of [maxWorkers] workers made by [mpContext] (Java).
     *
     * ```java
     * var ex = new ProcessPoolExecutor(4, Contexts.getContext("spawn"));
     * ```
     */
    public constructor(maxWorkers: Int, mpContext: BaseContext) : this(maxWorkers, null, null, mpContext)

    /**
     * A process pool made by [mpContext] whose workers each run the blocking [initializer] first (Java).
     *
     * ```java
     * var ex = new ProcessPoolExecutor(4, () -> System.out.println("ready"), Contexts.getContext("spawn"));
     * ```
     */
    public constructor(maxWorkers: Int, initializer: Runnable, mpContext: BaseContext) :
        this(maxWorkers, suspending(initializer), null, mpContext)

    private companion object {
        val executorNumbers = java.util.concurrent.atomic.AtomicInteger()
    }
}
