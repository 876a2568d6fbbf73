package dev.coprocessing.internal

import java.util.concurrent.ConcurrentHashMap
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration
import kotlinx.coroutines.currentCoroutineContext

/** What a caller is waiting for, as the process dump words it. */
internal enum class WaitKind(val call: String) {
    ACQUIRE("acquire()"),
    CONDITION_WAIT("wait()"),
    EVENT_WAIT("wait()"),
    BARRIER_WAIT("wait()"),
    QUEUE_GET("get()"),
    QUEUE_PUT("put()"),
    QUEUE_JOIN("join()"),
    PIPE_RECV("recv()"),
    PIPE_POLL("poll()"),
    JOIN("join()"),
    RESULT("result()"),
}

/**
 * One caller waiting right now: for [kind] on [target] (a lock, a queue, a process...), since [since]
 * (`System.nanoTime()`), for at most [timeout] (`null`: no limit). [context] is the waiting coroutine's context
 * (the running context of a thread that parks by itself, or `null` outside every process), from which the
 * diagnosis reads the waiting process and caller; [thread] is the thread that began the wait.
 */
internal class Wait(
    val kind: WaitKind,
    val target: Any,
    val timeout: Duration?,
    val context: CoroutineContext?,
    val thread: Thread,
) {
    val since: Long = System.nanoTime()
}

/**
 * The record of who waits on what, kept only while diagnosis is on, for `dumpProcesses()` and
 * `detectDeadlocks()`. Who *holds* a lock needs no record: the lock knows its holder.
 *
 * Cost: the primitives record a wait only on their slow path, once a caller is about to suspend or park, and
 * then read [enabled] (one volatile read) first; the uncontended fast path never comes here. Recording itself
 * is one allocation and two operations on a concurrent set per wait.
 *
 * On while [enable] has been called more often than [disable] (each watchdog of `multiprocessing(deadlockCheck
 * = ...)` holds it on while it runs), or while the user has turned it on.
 */
internal object Waits {
    /** Read on every slow path: whether to record waits. */
    @Volatile
    @JvmField
    var enabled: Boolean = false

    private val waits: MutableSet<Wait> = ConcurrentHashMap.newKeySet()

    private var holders = 0             // guarded by this
    private var byUser = false          // guarded by this

    init {
        if (System.getProperty("coprocessing.diagnosis").toBoolean()) setByUser(true)
    }

    /** Called whenever recording turns on: the diagnosis registers its MBean then. */
    @Volatile
    var onEnabled: (() -> Unit)? = null

    /** A holder (a watchdog) needs recording on until it calls [release]. */
    fun retain() = update { holders++ }

    fun release() = update { holders-- }

    /** The user's switch, independent of the watchdogs'. */
    fun setByUser(on: Boolean) = update { byUser = on }

    val isOnByUser: Boolean get() = synchronized(this) { byUser }

    private fun update(change: () -> Unit) {
        val turnedOn = synchronized(this) {
            val before = enabled
            change()
            enabled = byUser || holders > 0
            !before && enabled
        }
        if (turnedOn) onEnabled?.invoke()
    }

    fun begin(kind: WaitKind, target: Any, timeout: Duration?, context: CoroutineContext?): Wait =
        Wait(kind, target, timeout, context, Thread.currentThread()).also { waits += it }

    fun end(wait: Wait) {
        waits -= wait
    }

    /** Whether [wait] is still going on. */
    fun isWaiting(wait: Wait): Boolean = wait in waits

    /** The waits going on right now, oldest first. */
    fun snapshot(): List<Wait> = waits.sortedBy { it.since }
}

/**
 * Runs [block], a wait of [kind] on [target] by the calling coroutine, recorded in [Waits] while diagnosis is
 * on. Put it around the part of a call that suspends (the slow path): when diagnosis is off it costs one
 * volatile read.
 */
internal suspend inline fun <T> waitingOn(kind: WaitKind, target: Any, timeout: Duration?, block: () -> T): T {
    if (!Waits.enabled) return block()
    val wait = Waits.begin(kind, target, timeout, currentCoroutineContext())
    try {
        return block()
    } finally {
        Waits.end(wait)
    }
}
