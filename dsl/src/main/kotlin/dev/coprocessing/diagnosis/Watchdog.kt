package dev.coprocessing.diagnosis

import dev.coprocessing.DeadlockError
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.Wait
import dev.coprocessing.internal.Waits
import dev.coprocessing.process.Process
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * The deadlock watchdog of `multiprocessing(deadlockCheck = ...) { }`: while the block runs (its body, and then
 * the wait for its children), every [period] it looks for wait-for cycles in the block's process tree, and
 * reports each new one once through the library's reporter (`unraisablehook`), with the process dump. With
 * `failOnDeadlock` it then fails the block with [DeadlockError]: the block's processes are terminated and
 * joined, as when the body throws, and the call throws it.
 *
 * It runs beside the main process, not in it, on the block's dispatcher and coroutine time (so `runTest`
 * checks on virtual time), and keeps the record of waits on while it runs.
 */
internal object Watchdog {
    /**
     * Runs [body], which opens a main process and passes it to the function it is given, watched every [period]
     * (`null`: not watched).
     */
    suspend fun <T> around(period: Duration?, failOnDeadlock: Boolean, body: suspend (watch: (Process) -> Unit) -> T): T {
        DiagnosisSwitch.install()
        if (period == null) {
            require(!failOnDeadlock) {
                "failOnDeadlock = true needs a deadlockCheck period to look for deadlocks, such as deadlockCheck = 5.seconds"
            }
            return body { }
        }
        require(period.isPositive() && period.isFinite()) {
            "deadlockCheck must be a positive, finite period, got $period: pass how often to look, such as 5.seconds"
        }
        Waits.retain()
        try {
            return coroutineScope {
                val main = CompletableDeferred<Process>()
                val dog = launch(CoroutineName("deadlock watchdog")) { watch(main.await(), period, failOnDeadlock) }
                try {
                    body { main.complete(it) }
                } finally {
                    dog.cancel()
                }
            }
        } finally {
            Waits.release()
        }
    }

    private suspend fun watch(main: Process, period: Duration, failOnDeadlock: Boolean) {
        val reported = HashSet<Set<Wait>>()
        while (true) {
            delay(period)
            val graph = WaitGraph.now()
            for (found in graph.cycles(within = main.tree().toSet())) {
                if (!reported.add(found.waits)) continue
                Unraisable.report(
                    "coprocessing: deadlock in ${main.name}: ${found.cycle}\n" +
                        ProcessDump.render(listOf(main), graph).trimEnd(),
                    error = null,
                )
                if (failOnDeadlock) throw DeadlockError(found.cycle)
            }
            // Forget deadlocks that have ended (a wait timed out or was cancelled), so the set stays small.
            reported.retainAll { waits -> waits.all(Waits::isWaiting) }
        }
    }
}
