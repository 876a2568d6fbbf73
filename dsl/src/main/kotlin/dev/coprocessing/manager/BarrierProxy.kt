package dev.coprocessing.manager

import dev.coprocessing.sync.SyncOp
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import dev.coprocessing.sync.Barrier
import kotlin.time.Duration

/** The operations of a managed `Barrier`. */
internal object BarrierOps {
    class Wait(timeout: Duration?) : WaitingOp<Barrier, Int> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Barrier): Int = target.wait(timeout)
    }

    object Reset : Op<Barrier, Unit> {
        override fun applyTo(target: Barrier): Unit = target.reset()
    }

    object Abort : Op<Barrier, Unit> {
        override fun applyTo(target: Barrier): Unit = target.abort()
    }

    object NWaiting : Op<Barrier, Int> {
        override fun applyTo(target: Barrier): Int = target.nWaiting
    }

    object Broken : Op<Barrier, Boolean> {
        override fun applyTo(target: Barrier): Boolean = target.broken
    }
}

/**
 * A `Barrier` kept by a [Manager], as CPython's `BarrierProxy`: the same meeting point as [Barrier], with its
 * rules (the action runs once in the last arrival, a timeout, a cancelled waiter, a failing action or [abort]
 * breaks it for everyone with `BrokenBarrierError`), reached through the manager. Made by [Manager.Barrier].
 *
 * Once the manager has shut down, every call throws `IllegalStateException("Manager has shut down")`, and a
 * caller waiting stops waiting with that error. In Java, `wait` is `await`.
 *
 * ```kotlin
 * manager {
 *     val start = Barrier(3)
 *     multiprocessing { repeat(3) { i -> Process { start.wait(); println("runner $i off") }.start() } }
 * }
 * ```
 */
public class BarrierProxy internal constructor(internal val handle: Handle<Barrier>, parties: Int) {
    /**
     * How many callers must wait before all are released. Never changes.
     *
     * ```kotlin
     * println(barrier.parties)
     * ```
     */
    public val parties: Int = parties

    /**
     * How many callers wait in the current round right now, as Python's `n_waiting`.
     *
     * ```kotlin
     * println("${barrier.nWaiting}/${barrier.parties}")
     * ```
     */
    public val nWaiting: Int get() = handle.call(BarrierOps.NWaiting)

    /**
     * Whether the barrier is broken (Java: `isBroken()`).
     *
     * ```kotlin
     * if (barrier.broken) barrier.reset()
     * ```
     */
    @get:JvmName("isBroken")
    public val broken: Boolean get() = handle.call(BarrierOps.Broken)

    /**
     * Suspends until [parties] callers wait, as [Barrier.wait]; returns this caller's arrival index. [timeout]
     * (`null`: the barrier's default) breaks the barrier when it runs out.
     *
     * ```kotlin
     * val index = barrier.wait()
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Int = handle.await(BarrierOps.Wait(timeout))

    /**
     * Blocks until every party waits (Java: `await()`); returns the arrival index.
     *
     * ```java
     * int index = barrier.await();
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Int = blocking { wait() }

    /**
     * Blocks until every party waits or [timeout] passes (Java: `await(Duration)`).
     *
     * ```java
     * barrier.await(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Int = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until every party waits or [timeoutSeconds] pass (Java: `await(double)`).
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
     * Frees the waiters with `BrokenBarrierError` and makes the barrier ready again, as [Barrier.reset].
     *
     * ```kotlin
     * barrier.reset()
     * ```
     */
    public fun reset(): Unit = handle.call(BarrierOps.Reset)

    /**
     * Breaks the barrier for every waiter and every later wait, until [reset], as [Barrier.abort].
     *
     * ```kotlin
     * barrier.abort()
     * ```
     */
    public fun abort(): Unit = handle.call(BarrierOps.Abort)

    /** The barrier's own repr: `<Barrier at 0x...: waiters=2/3>`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<BarrierProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)
}
