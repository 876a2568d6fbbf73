package dev.coprocessing.diagnosis

import dev.coprocessing.futures.Future
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.Waits
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.sync.AbstractLock
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.nanoseconds

/**
 * The text of `dumpProcesses()`: one process tree per main process, each process on a line (name, pid, state,
 * daemon flag), under it what its callers wait for (the call, the object's repr, how long, who holds it) and
 * the locks it holds that others wait for; then the deadlocks among them.
 */
internal object ProcessDump {

    /** The main processes to show: the caller's own, or (outside every process) every one that is running. */
    fun roots(): List<Process> = ProcessContext.currentOrNull()?.let { listOf(it.root()) } ?: allRoots()

    /** Every main process that runs a process or has a caller waiting. */
    fun allRoots(): List<Process> {
        val seen = LinkedHashSet<Process>()
        LiveResources.resources().filterIsInstance<Process>().forEach { seen += it.root() }
        Waits.snapshot().mapNotNull { it.context?.let(ProcessContext::of) }.forEach { seen += it.root() }
        return seen.sortedWith(compareBy({ it === Process.outside }, { it.pidOrNull() ?: Long.MAX_VALUE }))
    }

    fun render(roots: List<Process>, graph: WaitGraph = WaitGraph.now()): String = buildString {
        val now = System.nanoTime()
        if (!Waits.enabled) {
            appendLine(
                "(diagnosis is off, so waits are not recorded: turn it on with enableDiagnosis(), " +
                    "-Dcoprocessing.diagnosis=true or multiprocessing(deadlockCheck = ...))",
            )
        }
        val byProcess = graph.waiters.groupBy { it.process }
        // What each caller holds that someone waits for: the holder's process shows it.
        val held = HashMap<Process, MutableList<String>>()
        for (waiter in graph.waiters) {
            val lock = waiter.wait.target as? AbstractLock ?: continue
            if (waiter.wait.kind != WaitKind.ACQUIRE) continue
            val holder = WaitGraph.holderOf(lock) ?: continue
            held.getOrPut(holder.process) { ArrayList() } += "holds ${reprOf(lock)}, wanted by ${waiter.label}"
        }
        fun line(process: Process, depth: Int) {
            val indent = "    ".repeat(depth)
            append(indent).append(process.name)
            append("  pid=").append(process.pidOrNull() ?: "None")
            append("  ").append(stateOf(process))
            append("  daemon=").append(if (process.daemon) "True" else "False")
            appendLine()
            for (waiter in byProcess[process].orEmpty()) {
                val wait = waiter.wait
                append(indent).append("    waits ")
                append((now - wait.since).nanoseconds.inWholeMilliseconds.milliseconds)
                append(" in ").append(callOf(wait.target, wait.kind))
                append(" on ").append(reprOf(wait.target))
                if (wait.timeout != null) append(" (timeout ").append(wait.timeout).append(')')
                if (waiter.threadName != null) append(" (thread '").append(waiter.threadName).append("')")
                graph.heldFor(waiter)?.let { append(", held by ").append(it.process.name) }
                appendLine()
            }
            held[process]?.distinct()?.forEach { append(indent).append("    ").appendLine(it) }
            for (child in process.activeChildren().sortedBy { it.pidOrNull() ?: Long.MAX_VALUE }) line(child, depth + 1)
        }
        for (root in roots) line(root, 0)
        val cycles = graph.cycles(within = roots.flatMapTo(HashSet()) { it.tree() })
        if (cycles.isEmpty()) {
            appendLine("deadlocks: none")
        } else {
            for (found in cycles) append("deadlock: ").appendLine(found.cycle.toString())
        }
    }

    private fun stateOf(process: Process): String = try {
        val code = process.exitCode
        when {
            code != null -> "stopped exitcode=$code"
            process.isAlive() -> "started"
            else -> "initial"
        }
    } catch (e: IllegalStateException) {
        "closed"
    }

    /** `Lock.acquire()`, `Queue.get()`, `Process.join()`: the class the user knows and the call. */
    private fun callOf(target: Any, kind: WaitKind): String {
        return when (target) {
            is Process -> "Process.${kind.call}"
            is Future<*> -> "Future.${kind.call}"
            is AsyncResult<*> -> "AsyncResult.get()"
            else -> "${target.javaClass.simpleName.ifEmpty { "object" }}.${kind.call}"
        }
    }
}

/** The main process at the top of this one's tree. */
internal fun Process.root(): Process {
    var p = this
    while (true) p = p.parent ?: return p
}

/** This process and every live process below it. */
internal fun Process.tree(): List<Process> = listOf(this) + activeChildren().flatMap { it.tree() }
