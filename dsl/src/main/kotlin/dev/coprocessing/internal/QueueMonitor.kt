package dev.coprocessing.internal

import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A lock and lists of suspended waiters: the shape of CPython's `queue.Queue` (one mutex, a few
 * conditions), for coroutines, built so that no item is ever lost or delivered twice.
 *
 * The state it guards (items, flags, counters) is only touched in [locked], in code that never suspends.
 * A waiter is never handed an item; it is handed a *reservation*: when an item arrives (or a slot frees up)
 * the oldest waiter is signalled and one unit of its capacity is set aside for it, so that nobody else
 * can take it meanwhile. The waiter then takes the item itself, under the lock, in the same step in which
 * it returns to its caller. A waiter that is cancelled or times out after being signalled gives its
 * reservation back, and the next waiter is signalled instead; this happens in kotlinx.coroutines'
 * synchronous cancellation callbacks, so it happens even when the cancelled coroutine never runs again
 * (a blocking twin whose thread is interrupted). kotlinx Channels, which hand the element itself to a
 * receiver, lose it when that receiver is cancelled at the same moment; here there is nothing in flight
 * to lose. Waiters are served in the order they came, and a newcomer cannot take an item set aside for one.
 */
internal class QueueMonitor {
    private val lock = Any()

    /** Waiters signalled under the lock, resumed by [locked] once the lock is released. Guarded by [lock]. */
    private var pending: ArrayList<Waiter>? = null

    /**
     * Runs [block] under the lock, then resumes the waiters it signalled. Resuming happens outside the lock,
     * so that a waiter resumed in place (an unconfined dispatcher) finds the lock free and the state settled.
     */
    fun <R> locked(block: () -> R): R {
        var wake: List<Waiter>? = null
        try {
            return synchronized(lock) {
                try {
                    block()
                } finally {
                    wake = pending
                    pending = null
                }
            }
        } finally {
            wake?.forEach { it.resume() }
        }
    }

    /** One suspended caller. Its fields are guarded by the monitor's lock. */
    internal inner class Waiter(val list: Waiters) {
        var state: State = State.WAITING
        var continuation: CancellableContinuation<Unit>? = null

        /** Resumes the continuation, if it is suspended yet; called outside the lock. */
        fun resume() {
            val cont = synchronized(lock) { continuation } ?: return
            cont.resume(Unit) { _, _, _ -> locked { list.abandon(this) } }
        }
    }

    internal enum class State { WAITING, SIGNALLED, WOKEN, DONE }

    /**
     * The waiters for one condition (CPython's `not_empty`, `not_full`, `all_tasks_done`), oldest first.
     * [capacity] is how many waiters could be served now (items queued, free slots), read under the lock.
     */
    inner class Waiters(private val capacity: () -> Int) {
        private val nodes = LinkedHashSet<Waiter>()

        /** Units of [capacity] set aside for signalled waiters that have not yet used them. */
        private var reserved = 0

        /** `waiting=2 reserved=1 capacity=3`, for diagnostics. Call in [locked]. */
        override fun toString(): String = "waiting=${nodes.size} reserved=$reserved capacity=${capacity()}"

        /** Whether a newcomer may be served now without waiting, given what is set aside. Call in [locked]. */
        fun available(): Boolean = capacity() > reserved

        /** Signals waiters, oldest first, for as long as there is capacity not set aside. Call in [locked]. */
        fun offer() {
            while (nodes.isNotEmpty() && capacity() > reserved) {
                val iterator = nodes.iterator()
                val node = iterator.next()
                iterator.remove()
                node.state = State.SIGNALLED
                reserved++
                schedule(node)
            }
        }

        /** Wakes every waiter without reserving anything, to look again (shut down, closed, all done). */
        fun wakeAll() {
            for (node in nodes) {
                node.state = State.WOKEN
                schedule(node)
            }
            nodes.clear()
        }

        private fun schedule(node: Waiter) {
            if (node.continuation != null) (pending ?: ArrayList<Waiter>(2).also { pending = it }).add(node)
        }

        internal fun add(node: Waiter) {
            nodes += node
        }

        /** The waiter leaves without being served: its reservation, if any, goes to the next waiter. */
        internal fun abandon(node: Waiter) {
            when (node.state) {
                State.WAITING -> nodes.remove(node)
                State.SIGNALLED -> {
                    reserved--
                    offer()
                }
                State.WOKEN, State.DONE -> Unit
            }
            node.state = State.DONE
        }

        /** The waiter is about to be served: its reservation returns to the pool it will take from. */
        internal fun settle(node: Waiter) {
            when (node.state) {
                State.WAITING -> nodes.remove(node)
                State.SIGNALLED -> reserved--
                State.WOKEN, State.DONE -> Unit
            }
            node.state = State.DONE
        }
    }

    /**
     * Runs [attempt] in [locked]; while it returns [NotReady], waits in [waiters] for a signal and runs it again.
     * [attempt] serves a caller (takes an item, puts one) only when [Waiters.available], and may throw to end
     * the wait (shut down, closed). Returns [NotReady] when [timeout] passes first (`null`: no limit), after a
     * last attempt, so that what came with the deadline is not missed (as CPython's timed wait loops do).
     *
     * Cancellation while waiting changes nothing and throws `CancellationException`. [attempt] never runs
     * inside the timeout's scope, and never after the caller has been cancelled: what it takes is returned in
     * the same step, to a caller that can still receive it.
     *
     * While diagnosis is on, each suspension is recorded in [Waits] as a wait of [kind] on [target].
     */
    suspend fun await(
        waiters: Waiters,
        timeout: Duration?,
        kind: WaitKind? = null,
        target: Any? = null,
        attempt: () -> Any?,
    ): Any? {
        while (true) {
            var node: Waiter? = null
            val now = locked {
                val result = attempt()
                if (result === NotReady) node = Waiter(waiters).also(waiters::add)
                result
            }
            val waiter = node ?: return now
            val recorded = if (Waits.enabled && kind != null) Waits.begin(kind, target ?: this, timeout, currentCoroutineContext()) else null
            val signalled = try {
                val woken = if (timeout == null) {
                    suspendOn(waiter)
                    true
                } else {
                    withTimeoutOrNull(timeout) { suspendOn(waiter) } != null
                }
                // A timeout that fired as the caller was cancelled still reads as a timeout: take nothing then,
                // since a cancelled caller (an interrupted blocking twin) could not hand the item on.
                currentCoroutineContext().ensureActive()
                woken
            } catch (e: CancellationException) {
                locked { waiters.abandon(waiter) }
                throw e
            } finally {
                recorded?.let(Waits::end)
            }
            val result = locked {
                waiters.settle(waiter)
                try {
                    attempt()
                } finally {
                    waiters.offer() // whatever this caller did not use goes to the next one
                }
            }
            // Only a wake-up without a reservation (all tasks done, then a new task) can find nothing: look again.
            if (result !== NotReady || !signalled || timeout != null) return result
        }
    }

    private suspend fun suspendOn(node: Waiter): Unit = suspendCancellableCoroutine { cont ->
        val signalledAlready = locked {
            if (node.state == State.WAITING) {
                node.continuation = cont
                false
            } else {
                true
            }
        }
        cont.invokeOnCancellation { locked { node.list.abandon(node) } }
        if (signalledAlready) cont.resume(Unit) { _, _, _ -> locked { node.list.abandon(node) } }
    }

    /** What an attempt returns when it must wait. */
    object NotReady
}
