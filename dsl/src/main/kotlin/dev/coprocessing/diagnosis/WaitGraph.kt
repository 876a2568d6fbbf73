package dev.coprocessing.diagnosis

import dev.coprocessing.DeadlockCycle
import dev.coprocessing.internal.BlockingCaller
import dev.coprocessing.internal.Wait
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.Waits
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Holder
import dev.coprocessing.sync.ScopedCode
import kotlinx.coroutines.Job

/**
 * One recorded wait, read: which [process] waits, and which caller in it ([identity]: the coroutine, or the
 * thread of a blocking call, exactly as a lock names its holder), so that "waits for" and "is held by" meet.
 */
internal class Waiter(val wait: Wait, val process: Process, val identity: Any) {
    /** The thread's name when the caller is a thread other than its process's own, for the reader. */
    val threadName: String? = (identity as? Thread)?.name?.takeIf { it != process.name }

    val label: String get() = if (threadName == null) process.name else "${process.name} (thread '$threadName')"

    companion object {
        fun of(wait: Wait): Waiter {
            val context = wait.context
            val process = context?.let(ProcessContext::of) ?: Process.outside
            val caller: Any = context?.get(BlockingCaller)?.identity ?: context?.get(Job) ?: wait.thread
            return Waiter(wait, process, if (caller is Job) ScopedCode.observed.ownerOf(caller) else caller)
        }
    }
}

/**
 * The wait-for graph of the waits going on now: a caller waiting without a time limit for a lock points to the
 * caller that holds it, and one waiting for a process to end (`join()`) points to every caller waiting in that
 * process or below it (the process cannot end while any of them waits). Every other wait (a queue, an event,
 * a semaphore, anything with a timeout) points nowhere: it may end by itself, so it explains no deadlock.
 *
 * A cycle is a deadlock: each caller in it waits, without limit, for the next.
 */
internal class WaitGraph private constructor(val waiters: List<Waiter>) {

    /** An edge: [from] waits for [to]; [lock] is what [to] holds and [from] wants, `null` for a join. */
    private class Edge(val from: Waiter, val to: Waiter, val lock: AbstractLock?, val holder: Holder?)

    private val byIdentity: Map<Any, Waiter> =
        // The newest wait of a caller is the one it is in (an older one is around it).
        waiters.associateBy { it.identity }

    private val edges: Map<Waiter, List<Edge>> by lazy {
        byIdentity.values.associateWith { edgesFrom(it) }
    }

    private fun edgesFrom(waiter: Waiter): List<Edge> {
        val wait = waiter.wait
        if (wait.timeout != null) return emptyList()
        val target = wait.target
        return when {
            wait.kind == WaitKind.ACQUIRE && target is AbstractLock -> {
                val holder = holderOf(target) ?: return emptyList()
                if (holder.identity === waiter.identity) return emptyList() // it just got it
                val to = byIdentity[holder.identity] ?: return emptyList()
                listOf(Edge(waiter, to, target, holder))
            }
            wait.kind == WaitKind.JOIN && target is Process ->
                byIdentity.values.filter { it !== waiter && it.process.isIn(target) }.map { Edge(waiter, it, null, null) }
            else -> emptyList()
        }
    }

    /** A cycle found, with the waits it is made of (the same deadlock keeps the same waits). */
    class Found(val cycle: DeadlockCycle, val waits: Set<Wait>)

    /**
     * The cycles now, one for each group of callers that wait for one another, each confirmed still in place;
     * with [within], only those with a caller in one of those processes.
     */
    fun cycles(within: Set<Process>? = null): List<Found> =
        components().filter { c -> within == null || c.any { it.process in within } }.mapNotNull { cycleIn(it) }

    /** Tarjan's strongly connected components with more than one caller. */
    private fun components(): List<Set<Waiter>> {
        val index = HashMap<Waiter, Int>()
        val low = HashMap<Waiter, Int>()
        val stack = ArrayDeque<Waiter>()
        val onStack = HashSet<Waiter>()
        val found = ArrayList<Set<Waiter>>()
        var next = 0
        fun visit(v: Waiter) {
            index[v] = next
            low[v] = next
            next++
            stack.addLast(v)
            onStack += v
            for (edge in edges[v].orEmpty()) {
                val w = edge.to
                if (w !in index) {
                    visit(w)
                    low[v] = minOf(low.getValue(v), low.getValue(w))
                } else if (w in onStack) {
                    low[v] = minOf(low.getValue(v), index.getValue(w))
                }
            }
            if (low[v] == index[v]) {
                val component = HashSet<Waiter>()
                do {
                    val w = stack.removeLast()
                    onStack -= w
                    component += w
                } while (w !== v)
                if (component.size > 1) found += component
            }
        }
        for (v in byIdentity.values.sortedWith(order)) if (v !in index) visit(v)
        return found
    }

    /**
     * The shortest cycle through the first caller of [component] (by pid, then name), as a [DeadlockCycle];
     * `null` if one of its waits has ended or a lock changed hands since the snapshot (then it was no deadlock).
     */
    private fun cycleIn(component: Set<Waiter>): Found? {
        val start = component.sortedWith(order).first()
        val cameBy = HashMap<Waiter, Edge>()
        val queue = ArrayDeque(listOf(start))
        var closing: Edge? = null
        search@ while (queue.isNotEmpty()) {
            val v = queue.removeFirst()
            for (edge in edges[v].orEmpty().filter { it.to in component }) {
                if (edge.to === start) {
                    closing = edge
                    break@search
                }
                if (edge.to !in cameBy) {
                    cameBy[edge.to] = edge
                    queue.addLast(edge.to)
                }
            }
        }
        val last = closing ?: return null
        val path = ArrayList<Edge>()
        var edge: Edge = last
        while (true) {
            path += edge
            if (edge.from === start) break
            edge = cameBy.getValue(edge.from)
        }
        path.reverse() // start -> ... -> start
        if (!path.all(::stillInPlace)) return null
        val links = path.indices.map { i ->
            val edgeOut = path[i]
            val edgeIn = path[(i + path.size - 1) % path.size]
            val waiter = edgeOut.from
            DeadlockCycle.Link(
                process = waiter.process.name,
                pid = waiter.process.pidOrNull(),
                thread = waiter.threadName,
                holds = edgeIn.lock?.let(::reprOf),
                waitsFor = reprOf(waiter.wait.target),
                call = waiter.wait.kind.call,
            )
        }
        return Found(DeadlockCycle(links), path.mapTo(HashSet()) { it.from.wait })
    }

    private fun stillInPlace(edge: Edge): Boolean =
        Waits.isWaiting(edge.from.wait) && Waits.isWaiting(edge.to.wait) &&
            (edge.lock == null || holderOf(edge.lock)?.identity === edge.holder?.identity)

    /** Who holds the lock [waiter] waits to acquire; `null` for any other wait, or a lock nobody holds now. */
    fun heldFor(waiter: Waiter): Holder? {
        val target = waiter.wait.target
        return if (waiter.wait.kind == WaitKind.ACQUIRE && target is AbstractLock) holderOf(target) else null
    }

    companion object {
        fun now(): WaitGraph = WaitGraph(Waits.snapshot().map(Waiter::of))

        private val order: Comparator<Waiter> =
            compareBy<Waiter>({ it.process.pidOrNull() ?: Long.MAX_VALUE }, { it.process.name }, { it.wait.since })

        /** Who holds [lock]; a lock whose holder cannot be read (a proxy of a manager that has shut down) has none. */
        fun holderOf(lock: AbstractLock): Holder? = try {
            lock.heldBy()
        } catch (e: RuntimeException) {
            null
        }
    }
}

/** Whether this process is [ancestor] or one of its descendants. */
internal fun Process.isIn(ancestor: Process): Boolean {
    var p: Process? = this
    while (p != null) {
        if (p === ancestor) return true
        p = p.parent
    }
    return false
}

/** [Process.pid], or `null` for a closed process. */
internal fun Process.pidOrNull(): Long? = try {
    pid
} catch (e: IllegalStateException) {
    null
}

/**
 * How the dump and a cycle name an object: its repr, with its address when the repr has none, so that two
 * locks that print alike (`<Lock(owner=Process-1)>`) can be told apart.
 */
internal fun reprOf(target: Any): String {
    val repr = try {
        target.toString()
    } catch (e: Exception) {
        "<${target.javaClass.simpleName}: toString() threw $e>"
    }
    return if (target is Process || " at 0x" in repr) repr else "$repr at 0x${Integer.toHexString(System.identityHashCode(target))}"
}
