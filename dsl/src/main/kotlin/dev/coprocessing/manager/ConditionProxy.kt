package dev.coprocessing.manager

import dev.coprocessing.sync.SyncOp
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import dev.coprocessing.sync.Acquirable
import dev.coprocessing.sync.Condition
import java.util.function.BooleanSupplier
import kotlin.time.Duration

/** The operations of a managed `Condition`. */
internal object ConditionOps {
    class Acquire(private val block: Boolean, timeout: Duration?) : WaitingOp<Condition, Boolean> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Condition): Boolean = target.acquire(block, timeout)
    }

    object Release : Op<Condition, Unit> {
        override fun applyTo(target: Condition): Unit = target.release()
    }

    class Wait(timeout: Duration?) : WaitingOp<Condition, Boolean> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Condition): Boolean = target.wait(timeout)
    }

    class WaitFor(timeout: Duration?, private val predicate: () -> Boolean) : WaitingOp<Condition, Boolean> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Condition): Boolean = target.waitFor(timeout, predicate)
    }

    class Notify(private val n: Int) : Op<Condition, Unit> {
        override fun applyTo(target: Condition): Unit = target.notify(n)
    }

    /** Acquires for `withLock`/`hold()`; returns who to release as. */
    object Enter : WaitingOp<Condition, Any> {
        override suspend fun applyTo(target: Condition): Any = target.enter()
    }

    class Exit(private val holder: Any) : Op<Condition, Unit> {
        override fun applyTo(target: Condition): Unit = target.exit(holder)
    }
}

/**
 * A `Condition` kept by a [Manager], as CPython's `ConditionProxy`: the same condition variable as
 * [Condition], with its rules ([wait] releases the lock completely and takes it back however it ends, no lost
 * notification, CPython's errors), reached through the manager. Its lock is a managed `RLock` unless one is
 * given. It is an [Acquirable], so `withLock { }` and Java's `hold()` take its lock. Made by
 * [Manager.Condition].
 *
 * Once the manager has shut down, every call throws `IllegalStateException("Manager has shut down")`, and a
 * caller waiting stops waiting with that error. In Java, `wait` is `await`, `notify` is `notifyOne` and
 * `notifyAll` is `notifyAllWaiters`.
 *
 * ```kotlin
 * manager {
 *     val ready = Condition()
 *     val items = list<Int>()
 *     // consumer:  ready.withLock { ready.waitFor { items.isNotEmpty() }; items.pop() }
 *     ready.withLock { items.append(1); ready.notify() }
 * }
 * ```
 */
public class ConditionProxy internal constructor(internal val handle: Handle<Condition>) : Acquirable() {
    /**
     * Acquires the condition's lock, as [Condition.acquire].
     *
     * ```kotlin
     * cond.acquire()
     * try { cond.wait() } finally { cond.release() }
     * ```
     */
    @JvmSynthetic
    override suspend fun acquire(block: Boolean, timeout: Duration?): Boolean = handle.await(ConditionOps.Acquire(block, timeout))

    /**
     * Releases the condition's lock, as [Condition.release]. Never suspends.
     *
     * ```kotlin
     * cond.release()
     * ```
     */
    override fun release(): Unit = handle.call(ConditionOps.Release)

    /**
     * Releases the lock, suspends until notified or [timeout] has passed, then takes the lock back, as
     * [Condition.wait]; returns `true` when notified. Without the lock: `IllegalStateException("cannot wait on
     * un-acquired lock")`.
     *
     * ```kotlin
     * cond.withLock { while (items.isEmpty()) cond.wait() }
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Boolean = handle.await(ConditionOps.Wait(timeout))

    /**
     * Blocks the calling thread until notified (Java: `await()`). Returns `true`.
     *
     * ```java
     * try (var held = cond.hold()) { cond.await(); }
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Boolean = blocking { wait() }

    /**
     * Blocks until notified or [timeout] passes (Java: `await(Duration)`).
     *
     * ```java
     * cond.await(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Boolean = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until notified or [timeoutSeconds] pass (Java: `await(double)`).
     *
     * ```java
     * cond.await(0.5);
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeoutSeconds: Double): Boolean = blocking { wait(secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [wait] with Kotlin's `Duration`; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * cond.waitBlocking(1.seconds)
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: Duration?): Boolean = blocking { wait(timeout) }

    /**
     * Waits until [predicate] is true, as [Condition.waitFor]; returns its last value (`false` when [timeout]
     * ran out first). [predicate] runs holding the lock.
     *
     * ```kotlin
     * cond.withLock { cond.waitFor(timeout = 2.seconds) { ready } }
     * ```
     */
    @JvmSynthetic
    public suspend fun waitFor(timeout: Duration? = null, predicate: () -> Boolean): Boolean =
        handle.await(ConditionOps.WaitFor(timeout, predicate))

    /**
     * Blocks until [predicate] is true (Java: `waitFor(BooleanSupplier)`).
     *
     * ```java
     * cond.waitFor(() -> !items.isEmpty());
     * ```
     */
    @JvmName("waitFor")
    @Throws(InterruptedException::class)
    public fun waitForBlocking(predicate: BooleanSupplier): Boolean = blocking { waitFor { predicate.asBoolean } }

    /**
     * Blocks until [predicate] is true or [timeout] passes (Java: `waitFor(Duration, BooleanSupplier)`).
     *
     * ```java
     * cond.waitFor(Duration.ofSeconds(2), () -> !items.isEmpty());
     * ```
     */
    @JvmName("waitFor")
    @Throws(InterruptedException::class)
    public fun waitForBlocking(timeout: java.time.Duration, predicate: BooleanSupplier): Boolean =
        blocking { waitFor(timeout.toTimeout()) { predicate.asBoolean } }

    /**
     * Blocks until [predicate] is true or [timeoutSeconds] pass (Java: `waitFor(double, BooleanSupplier)`).
     *
     * ```java
     * cond.waitFor(2.0, () -> !items.isEmpty());
     * ```
     */
    @JvmName("waitFor")
    @Throws(InterruptedException::class)
    public fun waitForBlocking(timeoutSeconds: Double, predicate: BooleanSupplier): Boolean =
        blocking { waitFor(secondsToTimeout(timeoutSeconds)) { predicate.asBoolean } }

    /**
     * The blocking twin of [waitFor] with Kotlin's `Duration`; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * cond.waitForBlocking(2.seconds) { ready }
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun waitForBlocking(timeout: Duration? = null, predicate: () -> Boolean): Boolean =
        blocking { waitFor(timeout, predicate) }

    /**
     * Wakes up to [n] waiters, as [Condition.notify] (Java: `notifyOne()`, `notifyOne(int)`). Never suspends.
     * Without the lock: `IllegalStateException("cannot notify on un-acquired lock")`.
     *
     * ```kotlin
     * cond.withLock { cond.notify() }
     * ```
     */
    @JvmName("notifyOne")
    @JvmOverloads
    public fun notify(n: Int = 1): Unit = handle.call(ConditionOps.Notify(n))

    /**
     * Wakes every waiter (Java: `notifyAllWaiters()`). Never suspends.
     *
     * ```kotlin
     * cond.withLock { cond.notifyAll() }
     * ```
     */
    @JvmName("notifyAllWaiters")
    public fun notifyAll(): Unit = notify(Int.MAX_VALUE)

    /** The condition's own repr: `<Condition(<RLock(None, 0)>, 0)>`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<ConditionProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)

    @PublishedApi
    @JvmSynthetic
    override suspend fun enter(): Any = handle.await(ConditionOps.Enter)

    @PublishedApi
    @JvmSynthetic
    override fun exit(holder: Any): Unit = handle.call(ConditionOps.Exit(holder))
}
