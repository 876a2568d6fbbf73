@file:JvmName("Diagnosis")

package dev.coprocessing.diagnosis

import dev.coprocessing.DeadlockCycle
import dev.coprocessing.internal.Waits
import dev.coprocessing.process.ProcessContext

/**
 * The process tree of the current main process, as text: each process with its name, pid, state and daemon
 * flag, and under it what each of its callers waits for right now — a lock, rlock or semaphore `acquire()`, a
 * condition, event or barrier `wait()`, a queue's `get()`/`put()`/`join()`, a pipe's `recv()`, a process's
 * `join()`, a future's `result()` or an `AsyncResult`'s `get()` — with the object's repr, how long it has
 * waited and, for a lock, which process holds it; then the deadlocks among them ([detectDeadlocks]).
 *
 * Called inside a `multiprocessing { }` block it shows that block's tree; outside every block, every main
 * process that is running. Waits are recorded only while diagnosis is on ([enableDiagnosis], the system
 * property `coprocessing.diagnosis=true`, or a block with a `deadlockCheck`); when it is off the tree still
 * shows, without waits, and the text says so. Never suspends or blocks; what it reads may change as it reads.
 *
 * ```kotlin
 * enableDiagnosis()
 * multiprocessing {
 *     val lock = Lock()
 *     lock.acquire()
 *     Process { lock.acquire() }.start()
 *     sleep(0.5)
 *     println(dumpProcesses())
 *     // MainProcess  pid=4242  started  daemon=False
 *     //     holds <Lock(owner=MainProcess)> at 0x1b6d3586, wanted by Process-1
 *     //     Process-1  pid=4243  started  daemon=False
 *     //         waits 501ms in Lock.acquire() on <Lock(owner=MainProcess)> at 0x1b6d3586, held by MainProcess
 *     lock.release()
 * }
 * ```
 *
 * ```java
 * System.out.println(Diagnosis.dumpProcesses());
 * ```
 */
public fun dumpProcesses(): String = ProcessDump.render(ProcessDump.roots())

/**
 * The deadlocks now: the wait-for cycles among the callers of the current main process's tree (of every main
 * process, outside every block). A caller that waits without a time limit for a `Lock` or `RLock` waits for
 * its holder; one in `join()` waits for every caller still waiting in that process or below it. A cycle of
 * such waits can never end by itself, and each is returned once, readable as a chain ([DeadlockCycle]).
 *
 * A wait that no cycle explains is no deadlock: a consumer blocked on an empty queue, a wait on an event, a
 * semaphore or a barrier, and any wait with a timeout are left out. Needs diagnosis on ([enableDiagnosis]);
 * when it is off, nothing is recorded and the list is empty. Never suspends or blocks.
 *
 * ```kotlin
 * detectDeadlocks().forEach { println("deadlock: $it") }
 * // deadlock: Process-1 holds <Lock(owner=Process-1)> at 0x1b6d3586 and waits for <Lock(owner=Process-2)> at
 * //   0x4554617c; Process-2 holds <Lock(owner=Process-2)> at 0x4554617c and waits for <Lock(owner=Process-1)> ...
 * ```
 *
 * ```java
 * for (DeadlockCycle cycle : Diagnosis.detectDeadlocks()) System.out.println(cycle);
 * ```
 */
public fun detectDeadlocks(): List<DeadlockCycle> {
    val within = ProcessContext.currentOrNull()?.root()?.tree()?.toSet()
    return WaitGraph.now().cycles(within).map { it.cycle }
}

/**
 * Turns diagnosis on: from now on every wait that suspends or blocks is recorded for [dumpProcesses] and
 * [detectDeadlocks], and the JMX MBean `dev.coprocessing:type=Processes` is registered (once). Waits already
 * going on are not seen. Recording costs an allocation per wait that actually waits; the fast path of every
 * primitive stays as it was. `-Dcoprocessing.diagnosis=true` turns it on from the start.
 *
 * ```kotlin
 * enableDiagnosis()
 * ```
 *
 * ```java
 * Diagnosis.enableDiagnosis();
 * ```
 */
public fun enableDiagnosis() {
    DiagnosisSwitch.install()
    Waits.setByUser(true)
}

/**
 * Turns off what [enableDiagnosis] turned on. A block with a `deadlockCheck` keeps recording on while it runs.
 *
 * ```kotlin
 * disableDiagnosis()
 * ```
 */
public fun disableDiagnosis() {
    Waits.setByUser(false)
}

/**
 * Whether waits are being recorded now: after [enableDiagnosis], or while a block with a `deadlockCheck` runs.
 *
 * ```kotlin
 * check(isDiagnosisEnabled())
 * ```
 */
public fun isDiagnosisEnabled(): Boolean = Waits.enabled

/** Connects the record of waits to what turns on with it (the MBean), once. */
internal object DiagnosisSwitch {
    init {
        Waits.onEnabled = ProcessesBean::register
        if (Waits.enabled) ProcessesBean.register() // turned on by the system property
    }

    /** Makes sure [init] has run. */
    fun install() = Unit
}
