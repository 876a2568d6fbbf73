package dev.coprocessing.sync

import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.waitingOn
import kotlin.time.Duration
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * A counter of permits, as Python's `multiprocessing.Semaphore(value = 1)`: [acquire] takes one, waiting
 * while there are none; [release] gives one back (or up to `n`), waking the callers that wait. Unlike a lock,
 * a semaphore has no owner: anyone may release, and releasing more than was acquired raises the count above
 * its initial value, as in CPython ([BoundedSemaphore] forbids that).
 *
 * Waiting is fair: permits go to waiting callers in the order they started waiting, before any newcomer.
 * Every wait runs on coroutine time. A caller cancelled while it waits stops waiting at once, and no permit
 * is ever lost: one handed to a caller that is cancelled at that moment goes to the next waiter.
 *
 * `Semaphore(-1)` throws `IllegalArgumentException("semaphore initial value must be >= 0")`.
 *
 * ```kotlin
 * multiprocessing {
 *     val ktv = Semaphore(4)     // four rooms
 *     repeat(6) { i ->
 *         Process { ktv.withLock { println("person $i sings"); sleep(1.0) } }.start()
 *     }
 * }
 * ```
 *
 * ```java
 * Semaphore rooms = new Semaphore(4);
 * try (var held = rooms.hold()) { sing(); }
 * ```
 */
public open class Semaphore @JvmOverloads public constructor(value: Int = 1) : Acquirable() {
    init {
        require(value >= 0) { "semaphore initial value must be >= 0, got $value" }
    }

    private val state = Any()
    private var available: Int = value                                       // guarded by state
    private val waiters = ArrayDeque<CancellableContinuation<Unit>>()          // guarded by state

    /** The largest value [release] may reach, or `null` when unbounded. */
    internal open val maxValue: Int? get() = null

    /**
     * Takes a permit, as Python's `acquire(block=True, timeout=None)`, and returns whether it did.
     *
     * With [block] `= true` it suspends until a permit is free or [timeout] has passed (`null`: no limit),
     * and returns `false` on timeout; with [block] `= false` it never suspends. A timeout with `block = false`
     * throws `IllegalArgumentException` ("can't specify timeout for non-blocking acquire"), as does a negative
     * timeout.
     *
     * Cancellable: cancelled while waiting, it throws `CancellationException` and holds no permit; a
     * cancellation or timeout that races with success gives the permit back.
     *
     * ```kotlin
     * if (sem.acquire(timeout = 1.seconds)) try { work() } finally { sem.release() }
     * ```
     */
    @JvmSynthetic
    final override suspend fun acquire(block: Boolean, timeout: Duration?): Boolean {
        checkAcquireArguments(block, timeout)
        remote?.let { return it.call(SyncOp.Acquire(block, SyncOp.nanos(timeout))) as Boolean }
        if (tryTake()) return true
        if (!block || timeout == Duration.ZERO) return false
        return waitingOn(WaitKind.ACQUIRE, this, timeout) { acquireWithin(timeout, { take() }, { giveBack() }) }
    }

    /**
     * Gives back one permit, waking the caller that waited longest, if any. Never suspends or blocks. A
     * [BoundedSemaphore] released above its initial value throws
     * `IllegalStateException("Semaphore released too many times")` and changes nothing.
     *
     * ```kotlin
     * sem.release()
     * ```
     */
    final override fun release(): Unit = release(1)

    /**
     * Gives back [n] permits (Python 3.9's `release(n=1)`), waking up to [n] waiting callers, longest-waiting
     * first. Never suspends or blocks. [n] below 1 throws `IllegalArgumentException`; a [BoundedSemaphore]
     * released above its initial value throws `IllegalStateException("Semaphore released too many times")`;
     * a release that would raise the value above `Int.MAX_VALUE` throws `IllegalArgumentException`. A release
     * that throws changes nothing.
     *
     * ```kotlin
     * sem.release(3)
     * ```
     */
    public fun release(n: Int) {
        require(n >= 1) { "n must be one or more, got $n: release(n) gives back n permits, so pass 1 or more" }
        remote?.let {
            it.callBlocking(SyncOp.Release(n))
            return
        }
        val woken = ArrayList<CancellableContinuation<Unit>>(minOf(n, 8))
        synchronized(state) {
            maxValue?.let { max ->
                check(available.toLong() + n <= max) {
                    "Semaphore released too many times: value $available + $n would exceed the initial value $max; " +
                        "call release() once per acquire()"
                }
            }
            // A permit is free only while nobody waits, so the value can grow by all of n.
            require(available.toLong() + n <= Int.MAX_VALUE) {
                "semaphore value $available + $n would exceed ${Int.MAX_VALUE}, the most a Semaphore can count; " +
                    "the value stays $available: give back only permits that were taken, or use fewer"
            }
            var left = n
            while (left > 0) {
                woken += waiters.removeFirstOrNull() ?: break
                left--
            }
            available += left
        }
        woken.forEach(::handOver)
    }

    /**
     * The number of permits free right now, as Python's `get_value()`. Never suspends.
     *
     * ```kotlin
     * println(sem.getValue())
     * ```
     */
    public fun getValue(): Int = remote?.let { it.plain(SyncOp.VALUE) as Int } ?: synchronized(state) { available }

    /** `<Semaphore(value=3)>`, or `<BoundedSemaphore(value=2, maxvalue=3)>`, as multiprocessing writes them. */
    override fun toString(): String {
        remote?.let { return it.describe("Semaphore") }
        val value = getValue()
        return when (val max = maxValue) {
            null -> "<Semaphore(value=$value)>"
            else -> "<BoundedSemaphore(value=$value, maxvalue=$max)>"
        }
    }

    // A free permit exists only while nobody waits: release() hands permits to waiters first.
    private fun tryTake(): Boolean = synchronized(state) {
        if (available > 0) {
            available--
            true
        } else {
            false
        }
    }

    private suspend fun take(): Unit = suspendCancellableCoroutine { cont ->
        val now = synchronized(state) {
            if (available > 0) {
                available--
                true
            } else {
                waiters.addLast(cont)
                false
            }
        }
        if (now) {
            handOver(cont)
        } else {
            // Still queued: leave the queue. Already dequeued by release(): handOver's handler gives the permit on.
            cont.invokeOnCancellation { synchronized(state) { waiters.remove(cont) } }
        }
    }

    /** Gives a taken permit to [cont]; if [cont] is cancelled before it can use it, the permit goes back. */
    private fun handOver(cont: CancellableContinuation<Unit>) {
        cont.resume(Unit) { _, _, _ -> giveBack() }
    }

    /** Returns one permit that a caller could not keep (cancelled or timed out), bypassing the bound check. */
    private fun giveBack() {
        val next = synchronized(state) {
            waiters.removeFirstOrNull() ?: run {
                available++
                null
            }
        }
        next?.let(::handOver)
    }
}
