package dev.coprocessing.engine

/**
 * One unit a worker takes from its engine's queue: an `apply` task, a chunk of a map, an executor's future, a
 * coroutine block. Exactly one of [run], [dropped] and [stopped] settles it, once.
 */
internal interface Work {
    /** Whether it counts toward `maxtasksperchild` (CPython counts a chunk of a map as one task). */
    val countsAsTask: Boolean get() = true

    /**
     * Runs on [worker], as that worker's process, and calls [Worker.settling] just before it publishes an
     * outcome. Never throws, except the worker's own cancellation when it is being stopped: then the engine
     * calls [stopped].
     */
    suspend fun run(worker: Worker)

    /** No worker took it, and none will: the engine stopped or broke with [error] first. */
    fun dropped(error: Throwable)

    /** The worker running it was stopped (terminated, killed, or its engine broke); [error] says how. */
    fun stopped(error: Throwable)
}

/**
 * What an engine asks of the pool or executor it serves: which errors its work fails with, and what to do when
 * it breaks or ends. Called from workers' threads; never while the engine holds a lock.
 */
internal interface EngineOwner {
    /** The error that fails pending and later work once an initializer has failed with [cause]. */
    fun initializerFailed(cause: Throwable): Throwable

    /**
     * The error for work whose [worker] was stopped with [signal]: by the owner's own `terminate()`/`kill()`,
     * or, when [fromOutside], by `terminate()`/`kill()` on the worker process itself.
     */
    fun workerStopped(worker: Worker, signal: Int, fromOutside: Boolean): Throwable

    /**
     * The error for work whose [worker] was lost: where it lived ended by itself (a worker JVM that exited
     * with [exitCode], or was killed from outside the library).
     */
    fun workerLost(worker: Worker, exitCode: Int): Throwable

    /**
     * Whether a worker stopped from outside breaks the engine, as CPython's executors break (`BrokenProcessPool`),
     * or only fails its own work and is replaced, as CPython's `Pool` replaces a worker that died.
     */
    val breaksWhenWorkerLost: Boolean

    /** The engine broke with [error]: no more work will run. Queued work has already been dropped. */
    fun broken(error: Throwable)

    /** Every worker has ended and no work is left: the engine has terminated. */
    fun terminated()
}
