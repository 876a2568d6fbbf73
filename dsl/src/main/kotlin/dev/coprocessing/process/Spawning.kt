package dev.coprocessing.process

/**
 * Where a process runs when it is not a coroutine of this JVM: the start method's part of [Process.start].
 * The `"spawn"` method's implementation makes each process a worker JVM.
 */
internal interface ProcessSpawner {
    /**
     * Checks, in the caller of `start()`, that [what] ([process]'s target, or the process object itself for a
     * subclass that overrides `run()`) can cross, and starts the OS process that runs it: it has its pid on
     * return. Throws `IllegalArgumentException` when [what] cannot cross.
     */
    fun launch(process: Process, what: Any): SpawnedProcess
}

/** A process running in an OS process of its own, as [ProcessSpawner.launch] started it. */
internal interface SpawnedProcess {
    /** The OS pid. */
    val pid: Long

    /**
     * Waits until the OS process has ended, with every line it printed shown: its exit code (`-n` when signal
     * `n` ended it). Throws what the target threw (its exit code is then 1). If the caller is cancelled, the
     * OS process is terminated and waited for before the cancellation goes on.
     */
    suspend fun await(): Int

    /** Sends [signal] (-15: SIGTERM, -9: SIGKILL); [await] then returns the exit code it caused. */
    fun signal(signal: Int)
}

/** The start method every new process uses unless it was made by a context: `null` for `"coroutine"`. */
internal object StartMethodDefault {
    @Volatile var spawner: ProcessSpawner? = null
}
