package dev.coprocessing.queue

import dev.coprocessing.internal.QueueMonitor
import dev.coprocessing.internal.QueueMonitor.NotReady
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import kotlin.time.Duration

/**
 * The state and logic every queue kind shares, as CPython's `queue.Queue` writes it: one lock, a store of
 * items, and waiters for "not empty", "not full" and "all tasks done". The public classes add the Python
 * names, the Java view and the messages. [owner] is the public queue, named in error messages.
 */
internal open class QueueCore<T>(val maxsize: Int, private val store: ItemStore<T>, private val owner: Any) {
    private val monitor = QueueMonitor()
    private val notEmpty = monitor.Waiters(capacity = { store.size })
    private val notFull = monitor.Waiters(capacity = { if (maxsize > 0) maxsize - store.size else Int.MAX_VALUE })
    private val allTasksDone = monitor.Waiters(capacity = { 0 })

    // Guarded by the monitor's lock; the flags are volatile so that isShutdown reads them without it.
    private var unfinishedTasks = 0L
    @Volatile private var closed = false
    @Volatile private var shutDown = false
    @Volatile var joinThreadCancelled: Boolean = false

    open val isShutdown: Boolean get() = shutDown

    private fun checkOpen() {
        if (closed) throw IllegalStateException("Queue $owner is closed")
    }

    private fun isFull(): Boolean = maxsize > 0 && store.size >= maxsize

    /** Puts [item] if there is a free slot not set aside for a waiting putter; under the lock. */
    private fun tryPut(item: T): Boolean {
        checkOpen()
        if (shutDown) throw ShutDown("put() on a queue that is shut down: no more items are accepted")
        if (!notFull.available()) {
            store.check(item) // an item the queue can never take fails now, not after waiting for room
            return false
        }
        store.add(item)
        unfinishedTasks++
        notEmpty.offer()
        return true
    }

    /** Takes the next item not set aside for a waiting getter, or [NotReady]; under the lock. */
    private fun tryTake(): Any? {
        checkOpen()
        if (!notEmpty.available()) {
            if (shutDown) throw ShutDown("get() on a queue that is shut down and empty")
            return NotReady
        }
        val item = store.remove()
        notFull.offer()
        return item
    }

    open suspend fun put(item: T, block: Boolean, timeout: Duration?) {
        checkTimeout(timeout)
        if (!block) return putNowait(item)
        val done = monitor.await(notFull, timeout, WaitKind.QUEUE_PUT, owner) { if (tryPut(item)) Unit else NotReady }
        if (done === NotReady) throw Full("the queue stayed full (maxsize=$maxsize) for $timeout")
    }

    open fun putNowait(item: T) {
        if (!monitor.locked { tryPut(item) }) throw Full("the queue is full (maxsize=$maxsize)")
    }

    @Suppress("UNCHECKED_CAST")
    open suspend fun get(block: Boolean, timeout: Duration?): T {
        checkTimeout(timeout)
        if (!block) return getNowait()
        val item = monitor.await(notEmpty, timeout, WaitKind.QUEUE_GET, owner, ::tryTake)
        if (item === NotReady) throw Empty("the queue stayed empty for $timeout")
        return item as T
    }

    @Suppress("UNCHECKED_CAST")
    open fun getNowait(): T {
        val item = monitor.locked(::tryTake)
        if (item === NotReady) throw Empty("the queue is empty")
        return item as T
    }

    open fun qsize(): Int = monitor.locked { store.size }

    open fun empty(): Boolean = monitor.locked {
        checkOpen()
        store.size == 0
    }

    open fun full(): Boolean = monitor.locked { isFull() }

    open fun taskDone() = monitor.locked {
        check(unfinishedTasks > 0) {
            "task_done() called too many times: call it once for each item taken with get(), after processing it"
        }
        unfinishedTasks--
        if (unfinishedTasks == 0L) allTasksDone.wakeAll()
    }

    open suspend fun join() {
        monitor.await(allTasksDone, null, WaitKind.QUEUE_JOIN, owner) { if (unfinishedTasks == 0L) Unit else NotReady }
    }

    open fun shutdown(immediate: Boolean) = monitor.locked {
        shutDown = true
        if (immediate) {
            // As Python 3.13: the discarded items count as done, so join() waits only for items already taken.
            unfinishedTasks = maxOf(0L, unfinishedTasks - store.size)
            store.clear()
            allTasksDone.wakeAll()
        }
        notEmpty.wakeAll()
        notFull.wakeAll()
    }

    open fun close() = monitor.locked {
        if (!closed) {
            closed = true
            // Nobody can put or get any more: waiters wake and see the queue closed instead of hanging.
            notEmpty.wakeAll()
            notFull.wakeAll()
        }
    }

    open fun joinThread() {
        check(closed) { "Queue $owner not closed: call close() before joinThread()" }
    }

    /** The waiters' state, for diagnostics in tests. */
    open fun debugState(): String = monitor.locked { "size=${store.size} notEmpty($notEmpty) notFull($notFull)" }

    /** `maxsize=3 qsize=1 unfinished=2 closed`, for the owner's toString(). */
    open fun describe(tasks: Boolean): String = monitor.locked {
        buildString {
            append("maxsize=").append(maxsize).append(" qsize=").append(store.size)
            if (tasks) append(" unfinished=").append(unfinishedTasks)
            if (shutDown) append(" shutdown")
            if (closed) append(" closed")
        }
    }
}
