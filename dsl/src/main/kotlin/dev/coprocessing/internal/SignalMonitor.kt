package dev.coprocessing.internal

import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A lock and lists of suspended waiters: the shape of CPython's `queue.Queue` (one mutex, a few
 * conditions), for coroutines. The state it guards (items, flags, counters) is only touched in [locked],
 * in code that never suspends, so an item moves into or out of a queue atomically.
 *
 * A waiter is woken by a *signal*, which carries no item: it only means "look again". That is what makes
 * cancellation safe. kotlinx Channels hand the element itself to a waiting receiver, and lose it when
 * that receiver is cancelled at the same moment; here a cancelled waiter can only lose a signal, and it
 * passes that signal on to the next waiter as it leaves. An item stays in its queue until a caller takes
 * it under the lock and returns it without suspending again.
 */
internal class SignalMonitor {
    private val lock = Any()

    /** Waiters signalled under the lock, woken by [locked] once the lock is released. Guarded by [lock]. */
    private var pending: ArrayList<CompletableDeferred<Unit>>? = null

    /**
     * Runs [block] under the lock, then wakes the waiters it signalled. Waking happens outside the lock, so a
     * waiter resumed in place (an unconfined dispatcher) finds the lock free and the state consistent.
     */
    fun <R> locked(block: () -> R): R {
        var wake: List<CompletableDeferred<Unit>>? = null
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
            wake?.forEach { it.complete(Unit) }
        }
    }

    private fun schedule(node: CompletableDeferred<Unit>) {
        (pending ?: ArrayList<CompletableDeferred<Unit>>(2).also { pending = it }).add(node)
    }

    /** A FIFO list of suspended waiters for one condition (CPython's `not_empty`, `not_full`, ...). */
    inner class Waiters {
        private val nodes = LinkedHashSet<CompletableDeferred<Unit>>()

        /** Whether no one waits here. Call in [locked]. */
        val isEmpty: Boolean get() = nodes.isEmpty()

        /** Wakes the oldest waiter, if any, once the lock is released. Call in [locked]. */
        fun signal() {
            val iterator = nodes.iterator()
            if (iterator.hasNext()) {
                schedule(iterator.next())
                iterator.remove()
            }
        }

        /** Wakes every waiter once the lock is released. Call in [locked]. */
        fun signalAll() {
            nodes.forEach(::schedule)
            nodes.clear()
        }

        internal fun register(): CompletableDeferred<Unit> = CompletableDeferred<Unit>().also { nodes += it }

        /**
         * A waiter leaves without using its signal (cancelled, timed out or failed). If it had been signalled,
         * the signal goes to the next waiter, so that no one sleeps while there is work for them.
         */
        internal fun leave(node: CompletableDeferred<Unit>?) {
            if (node != null && !nodes.remove(node)) signal()
        }

        /** A waiter got what it waited for by another way: it no longer waits. */
        internal fun forget(node: CompletableDeferred<Unit>?) {
            if (node != null) nodes.remove(node)
        }
    }

    /**
     * Runs [attempt] in [locked] until it returns something other than [NotReady], waiting in [waiters]
     * between attempts; [attempt] may also throw to end the wait (shut down, closed). Returns [NotReady] when
     * [timeout] passes first (`null`: no limit), after one last attempt, so that what arrived with the deadline
     * is not missed (as CPython's timed wait loops do).
     *
     * Once [attempt] has succeeded, its result is returned even if the caller is cancelled at that moment:
     * [attempt] took something out of shared state, and throwing would lose it. The cancellation then takes
     * effect at the caller's next suspension point. Until then, cancellation leaves the state untouched.
     */
    suspend fun await(waiters: Waiters, timeout: Duration?, attempt: () -> Any?): Any? {
        var result: Any? = NotReady
        var node: CompletableDeferred<Unit>? = null
        try {
            val finished = withTimeoutOrNullIfAny(timeout) {
                while (true) {
                    val next = locked {
                        node = null
                        result = attempt()
                        if (result === NotReady) waiters.register().also { node = it } else null
                    } ?: break
                    next.await()
                }
            }
            // A result taken just as the timeout fired is dropped by withTimeoutOrNull, but not by us.
            if (finished != null || result !== NotReady) return result
        } catch (e: CancellationException) {
            if (result !== NotReady) return result
            locked { waiters.leave(node) }
            throw e
        }
        var failure: Throwable? = null
        locked {
            try {
                result = attempt()
            } catch (e: Throwable) {
                failure = e
            }
            if (result === NotReady) waiters.leave(node) else waiters.forget(node)
        }
        failure?.let { throw it }
        return result
    }

    private suspend inline fun withTimeoutOrNullIfAny(timeout: Duration?, crossinline block: suspend () -> Unit): Unit? =
        if (timeout == null) block() else withTimeoutOrNull(timeout) { block() }

    /** What an attempt returns when it must wait. */
    object NotReady
}
