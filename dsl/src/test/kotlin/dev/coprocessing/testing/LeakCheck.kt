package dev.coprocessing.testing

import dev.coprocessing.internal.LiveResources
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec

/**
 * The promise of structured concurrency, checked: once a spec has ended, nothing the library started
 * (processes, worker threads, pools, executors, and worker JVMs: any OS process this JVM started) is still running. A thread may need a moment to return
 * after its work is done, so the check waits a bounded time before it fails, naming what is left.
 */
object LeakCheck : AfterSpecListener {
    private const val GRACE_MILLIS = 10_000L

    override suspend fun afterSpec(spec: Spec) = assertNothingLive("after ${spec::class.simpleName}")

    /** Fails, listing the survivors, if anything the library started is still running after a grace period. */
    @JvmStatic
    @JvmOverloads
    fun assertNothingLive(where: String, graceMillis: Long = GRACE_MILLIS) {
        val deadline = System.nanoTime() + graceMillis * 1_000_000
        var live = LiveResources.snapshot() + liveOsProcesses()
        while (live.isNotEmpty() && System.nanoTime() < deadline) {
            // Polls the registry; this is a bounded wait for threads to return, never a race on a result.
            Thread.onSpinWait()
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000)
            live = LiveResources.snapshot() + liveOsProcesses()
        }
        check(live.isEmpty()) { "leaked $where, still running after $graceMillis ms: $live" }
    }

    /**
     * The OS processes this JVM started (worker JVMs of the spawn start method, and their children) that still
     * run. A worker JVM's pump threads end with its pipes, which a grandchild may hold open: its OS process is
     * the direct evidence.
     */
    private fun liveOsProcesses(): List<String> = ProcessHandle.current().descendants()
        .filter { it.isAlive }
        .map { "OS process ${it.pid()} (${it.info().commandLine().orElse("?").let { c -> if (c.length > 160) c.take(157) + "..." else c }})" }
        .toList()
}
