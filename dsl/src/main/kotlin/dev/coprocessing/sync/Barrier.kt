package dev.coprocessing.sync

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.process.blocking
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A meeting point for a fixed number of callers, as Python's `multiprocessing.Barrier(parties, action,
 * timeout)`: each caller [wait]s until [parties] callers are waiting, then all go on together. The barrier
 * is then ready for the next round.
 *
 * When the last party arrives, [action] (if any) runs once, in that caller, before anyone is released.
 * [timeout] is the default limit of every [wait] that gives none.
 *
 * The barrier breaks, and every caller waiting at that moment gets [BrokenBarrierError] (so does every later
 * [wait], until [reset]), when: a waiter's time limit runs out, a waiter is cancelled (as Java's
 * `CyclicBarrier` does on interrupt), [action] throws (its caller gets the action's exception), or [abort]
 * is called. Waits run on coroutine time.
 *
 * In Kotlin, [action] comes last so that it can be a trailing lambda. `Barrier(0)` throws
 * `IllegalArgumentException("parties must be >= 1")`.
 *
 * ```kotlin
 * multiprocessing {
 *     val start = Barrier(3) { println("all three ready") }
 *     repeat(3) { i -> Process { println("runner $i at the line"); start.wait(); println("runner $i off") }.start() }
 * }
 * ```
 *
 * ```java
 * Barrier start = new Barrier(3, () -> System.out.println("all three ready"));
 * int index = start.await();
 * ```
 */
public class Barrier(
    parties: Int,
    timeout: Duration? = null,
    private val action: (suspend () -> Unit)? = null,
) {
    /** When this barrier is a worker JVM's proxy of its parent's: the way to it. */
    internal val remote: RemoteObject? = Remote.takeConstructing()

    /**
     * A barrier for [parties] callers, with no action and no default time limit (Java: `new Barrier(3)`).
     *
     * ```java
     * Barrier barrier = new Barrier(3);
     * ```
     */
    public constructor(parties: Int) : this(parties, null, null)

    /**
     * A barrier whose [action] runs in the last caller to arrive, before anyone is released
     * (Java: `new Barrier(3, () -> ...)`).
     *
     * ```java
     * Barrier barrier = new Barrier(3, () -> System.out.println("go"));
     * ```
     */
    public constructor(parties: Int, action: Runnable) : this(parties, null, action.asSuspend())

    /**
     * A barrier whose waits give up after [timeout] unless they give their own (Java: `new Barrier(3, Duration)`).
     *
     * ```java
     * Barrier barrier = new Barrier(3, Duration.ofSeconds(5));
     * ```
     */
    public constructor(parties: Int, timeout: java.time.Duration) : this(parties, timeout.toTimeout(), null)

    /**
     * A barrier with a default [timeout] and an [action] (Java: `new Barrier(3, Duration, Runnable)`).
     *
     * ```java
     * Barrier barrier = new Barrier(3, Duration.ofSeconds(5), () -> System.out.println("go"));
     * ```
     */
    public constructor(parties: Int, timeout: java.time.Duration, action: Runnable) :
        this(parties, timeout.toTimeout(), action.asSuspend())

    /**
     * How many callers must wait before all are released. Never changes.
     *
     * ```kotlin
     * println(barrier.parties)
     * ```
     */
    public val parties: Int = parties

    private val defaultTimeout: Duration? = timeout

    init {
        require(parties >= 1) { "parties must be >= 1, got $parties" }
        checkTimeout(timeout)
    }

    /** One round: completed with `true` when every party arrived and the action ran, `false` when broken. */
    private class Round {
        var arrived = 0
        val outcome = CompletableDeferred<Boolean>()
    }

    private val state = Any()
    private var round = Round()          // guarded by state: the round that new arrivals join
    private var isBroken = false         // guarded by state

    /**
     * How many callers are waiting in the current round right now (0 when broken), as Python's `n_waiting`.
     *
     * ```kotlin
     * println("${barrier.nWaiting}/${barrier.parties} waiting")
     * ```
     */
    public val nWaiting: Int
        get() = remote?.let { it.plain(SyncOp.N_WAITING) as Int } ?: synchronized(state) { if (isBroken) 0 else round.arrived }

    /**
     * Whether the barrier is broken (Java: `isBroken()`); only [reset] mends it.
     *
     * ```kotlin
     * if (barrier.broken) barrier.reset()
     * ```
     */
    @get:JvmName("isBroken")
    public val broken: Boolean
        get() = remote?.let { it.plain(SyncOp.BROKEN) as Boolean } ?: synchronized(state) { isBroken }

    /**
     * Suspends until [parties] callers are waiting, and returns this caller's arrival index, from 0 (first)
     * to `parties - 1` (last; that caller ran the action), as Python's `wait()`. [timeout] defaults to the
     * barrier's own; `null` with no default waits without limit. A negative timeout throws
     * `IllegalArgumentException`.
     *
     * Throws [BrokenBarrierError] if the barrier is broken or breaks while waiting; running out of time
     * breaks it for everyone. Cancelled while waiting, the caller throws `CancellationException` and the
     * barrier breaks, so that the others do not wait for a party that will never come.
     *
     * ```kotlin
     * val index = barrier.wait()
     * if (index == 0) println("first to arrive")
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Int {
        checkTimeout(timeout)
        remote?.let { return it.call(SyncOp.Wait(SyncOp.nanos(timeout))) as Int }
        val limit = timeout ?: defaultTimeout
        val (joined, index) = synchronized(state) {
            if (isBroken) throw broken("the barrier is broken; reset() mends it")
            val current = round
            val index = current.arrived++
            // The last arrival closes this round: anyone arriving from now on waits for the next one.
            if (index == parties - 1) round = Round()
            current to index
        }
        if (index == parties - 1) {
            release(joined)
            return index
        }
        val passed = try {
            waitingOn(WaitKind.BARRIER_WAIT, this, limit) {
                if (limit == null) joined.outcome.await() else withTimeoutOrNull(limit) { joined.outcome.await() }
            }
        } catch (e: Throwable) {
            breakIfFilling(joined)
            throw e
        }
        when (passed) {
            true -> return index
            false -> throw broken("the barrier broke while waiting")
            null -> {
                // Out of time: break the round, unless every party arrived meanwhile (then it is passing).
                if (breakIfFilling(joined)) throw broken("timed out after $limit waiting for $parties parties")
                if (joined.outcome.await()) return index
                throw broken("the barrier broke while waiting")
            }
        }
    }

    /**
     * Blocks the calling thread until every party arrives: the blocking twin of [wait] (Java: `await()`).
     *
     * ```java
     * int index = barrier.await();
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Int = blocking { wait() }

    /**
     * Blocks until every party arrives or [timeout] passes (which breaks the barrier) (Java: `await(Duration)`).
     *
     * ```java
     * barrier.await(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Int = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until every party arrives or [timeoutSeconds] pass, as Python's `wait(5)` (Java: `await(double)`).
     *
     * ```java
     * barrier.await(5.0);
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeoutSeconds: Double): Int = blocking { wait(secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [wait] with Kotlin's `Duration`; `null` uses the barrier's default. Kotlin only.
     *
     * ```kotlin
     * barrier.waitBlocking(5.seconds)
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: Duration?): Int = blocking { wait(timeout) }

    /**
     * Returns the barrier to its empty, unbroken state, as Python's `reset()`: callers waiting in the current
     * round get [BrokenBarrierError]; later callers start a new round. Never suspends.
     *
     * ```kotlin
     * barrier.reset()
     * ```
     */
    public fun reset() {
        remote?.let {
            it.plain(SyncOp.RESET)
            return
        }
        synchronized(state) {
            round.outcome.complete(false)
            round = Round()
            isBroken = false
        }
    }

    /**
     * Breaks the barrier, as Python's `abort()`: every waiting and later [wait] throws [BrokenBarrierError]
     * until [reset]. Use it when a party cannot come, so the others do not wait forever. Never suspends.
     *
     * ```kotlin
     * try { prepare() } catch (e: Exception) { barrier.abort(); throw e }
     * ```
     */
    public fun abort() {
        remote?.let {
            it.plain(SyncOp.ABORT)
            return
        }
        synchronized(state) { breakLocked() }
    }

    /** `<Barrier at 0x1b6d3586: waiters=2/3>`, or `<Barrier at 0x1b6d3586: broken>`, as `threading.Barrier`. */
    override fun toString(): String {
        remote?.let { return it.describe("Barrier") }
        val at = "0x" + Integer.toHexString(System.identityHashCode(this))
        return synchronized(state) {
            if (isBroken) "<Barrier at $at: broken>" else "<Barrier at $at: waiters=${round.arrived}/$parties>"
        }
    }

    /** The last arrival runs the action, then releases its round; a failing action breaks the barrier. */
    private suspend fun release(closed: Round) {
        try {
            action?.invoke()
        } catch (e: Throwable) {
            synchronized(state) {
                breakLocked()
                closed.outcome.complete(false)
            }
            throw e
        }
        // Every party arrived before any reset() or abort() could reach this round: it passes.
        closed.outcome.complete(true)
    }

    /** Breaks the barrier if [joined] is still the round being filled; returns whether it did. */
    private fun breakIfFilling(joined: Round): Boolean = synchronized(state) {
        if (joined !== round || joined.outcome.isCompleted) return false
        breakLocked()
        true
    }

    private fun breakLocked() {
        isBroken = true
        round.outcome.complete(false)
    }

    private fun broken(why: String) = BrokenBarrierError("$why (${this})")

    private companion object {
        init {
            SyncSharing.register()
        }

        fun Runnable.asSuspend(): suspend () -> Unit = { run() }
    }
}
