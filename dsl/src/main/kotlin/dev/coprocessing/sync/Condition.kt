package dev.coprocessing.sync

import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.process.blocking
import java.util.function.BooleanSupplier
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A condition variable, as Python's `multiprocessing.Condition(lock=None)`: callers holding its lock [wait]
 * until another caller, holding the lock too, calls [notify] or [notifyAll]. The lock is an [RLock] unless
 * one is given ([Lock] or [RLock]); [acquire], [release], [withLock] and `hold()` are that lock's.
 *
 * [wait] releases the lock completely (every level of an [RLock]), suspends, and takes it back before it
 * returns, whether it was notified, timed out or cancelled: code after it, and the `finally` that releases,
 * always run holding the lock. There are no spurious wake-ups, and a notification is never lost: one that
 * reaches a waiter cancelled at that moment passes to the next waiter.
 *
 * Waiting or notifying without holding the lock throws `IllegalStateException` ("cannot wait on un-acquired
 * lock", "cannot notify on un-acquired lock"). Waits run on coroutine time. In Java, `wait` is `await`,
 * `notify(n)` is `notifyOne(n)` and `notifyAll()` is `notifyAllWaiters()`, because `java.lang.Object` owns the
 * other names.
 *
 * ```kotlin
 * val ready = Condition()
 * var items = 0
 * // consumer
 * ready.withLock { ready.waitFor { items > 0 }; items-- }
 * // producer
 * ready.withLock { items++; ready.notify() }
 * ```
 *
 * ```java
 * try (var held = ready.hold()) {
 *     ready.waitFor(() -> items > 0);
 * }
 * ```
 */
public class Condition @JvmOverloads public constructor(lock: AbstractLock? = null) : Acquirable() {
    private val lock: AbstractLock = lock ?: RLock()
    private val waiters = ArrayDeque<CompletableDeferred<Unit>>()   // guarded by itself

    /**
     * Acquires the underlying lock; see [AbstractLock.acquire].
     *
     * ```kotlin
     * cond.acquire()
     * try { cond.wait() } finally { cond.release() }
     * ```
     */
    @JvmSynthetic
    final override suspend fun acquire(block: Boolean, timeout: Duration?): Boolean {
        remote?.let {
            checkAcquireArguments(block, timeout)
            return it.call(SyncOp.Acquire(block, SyncOp.nanos(timeout)), ownerIdentity()) as Boolean
        }
        return lock.acquire(block, timeout)
    }

    /**
     * Releases the underlying lock; see [AbstractLock.release]. Never suspends.
     *
     * ```kotlin
     * cond.release()
     * ```
     */
    final override fun release() {
        remote?.let {
            it.callBlocking(SyncOp.Release(1), plainOwnerIdentity())
            return
        }
        lock.release()
    }

    /**
     * Releases the lock, suspends until notified or until [timeout] has passed (`null`: no limit), then takes
     * the lock back; returns `true` when notified, `false` on timeout. The caller must hold the lock, else
     * `IllegalStateException("cannot wait on un-acquired lock")`; a negative timeout throws
     * `IllegalArgumentException`.
     *
     * Cancellable: cancelled while waiting, it still takes the lock back before it throws
     * `CancellationException`, so the caller's `finally { release() }` stays right.
     *
     * ```kotlin
     * cond.withLock {
     *     while (queue.isEmpty()) cond.wait()
     *     queue.removeFirst()
     * }
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Boolean {
        checkTimeout(timeout)
        remote?.let { return it.call(SyncOp.Wait(SyncOp.nanos(timeout)), ownerIdentity()) as Boolean }
        val holder = currentHolder()
        check(lock.isHeldBy(holder)) {
            "cannot wait on un-acquired lock: acquire the condition (or its lock) before wait(), e.g. cond.withLock { cond.wait() }"
        }
        val signal = CompletableDeferred<Unit>()
        synchronized(waiters) { waiters.addLast(signal) }
        // Queued before the lock is released, so a notify() made right after the release cannot be missed.
        val saved = lock.releaseAllFor(holder)
        val notified = try {
            waitingOn(WaitKind.CONDITION_WAIT, this, timeout) {
                if (timeout == null) signal.await() else withTimeoutOrNull(timeout) { signal.await() }
            }
            // Timed out: a notify() that reached us meanwhile still counts, as the waiter left the queue.
            !leaveQueue(signal)
        } catch (e: Throwable) {
            if (!leaveQueue(signal)) notifyNext(1)   // the notification meant for us goes to the next waiter
            withContext(NonCancellable) { lock.restore(holder, saved) }
            throw e
        }
        withContext(NonCancellable) { lock.restore(holder, saved) }
        return notified
    }

    /**
     * Blocks the calling thread until notified: the blocking twin of [wait] (Java: `await()`). Returns `true`.
     *
     * ```java
     * try (var held = cond.hold()) { while (queue.isEmpty()) cond.await(); }
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Boolean = blocking { wait() }

    /**
     * Blocks until notified or [timeout] passes; returns whether it was notified (Java: `await(Duration)`).
     *
     * ```java
     * boolean notified = cond.await(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Boolean = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until notified or [timeoutSeconds] pass, as Python's `wait(0.5)` (Java: `await(double)`).
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
     * Waits until [predicate] is true, as Python's `wait_for(predicate, timeout)`: evaluates it, and while it
     * is false waits for a notification and evaluates it again, always holding the lock. Returns the last
     * value of [predicate]: `true`, or `false` when [timeout] (`null`: no limit) ran out first. The caller must
     * hold the lock, else `IllegalStateException("cannot wait on un-acquired lock")`, even when [predicate] is
     * already true.
     *
     * Cancellable as [wait]: the lock is held again before `CancellationException` is thrown.
     *
     * ```kotlin
     * cond.withLock {
     *     if (cond.waitFor(timeout = 2.seconds) { ready }) go() else giveUp()
     * }
     * ```
     */
    @JvmSynthetic
    public suspend fun waitFor(timeout: Duration? = null, predicate: () -> Boolean): Boolean {
        checkTimeout(timeout)
        check(remote != null || lock.isHeldBy(currentHolder())) {
            "cannot wait on un-acquired lock: acquire the condition (or its lock) before waitFor(), " +
                "e.g. cond.withLock { cond.waitFor { ready } }"
        }
        if (predicate()) return true
        if (timeout == null) {
            while (!predicate()) wait()
            return true
        }
        // A timeout interrupts wait() only after it has taken the lock back, so the predicate is read holding it.
        withTimeoutOrNull(timeout) { while (!predicate()) wait() }
        return predicate()
    }

    /**
     * Blocks until [predicate] is true (Java: `waitFor(BooleanSupplier)`); returns `true`.
     *
     * ```java
     * cond.waitFor(() -> !queue.isEmpty());
     * ```
     */
    @JvmName("waitFor")
    @Throws(InterruptedException::class)
    public fun waitForBlocking(predicate: BooleanSupplier): Boolean = blocking { waitFor { predicate.asBoolean } }

    /**
     * Blocks until [predicate] is true or [timeout] passes; returns the last value of [predicate]
     * (Java: `waitFor(Duration, BooleanSupplier)`).
     *
     * ```java
     * boolean ready = cond.waitFor(Duration.ofSeconds(2), () -> !queue.isEmpty());
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
     * cond.waitFor(2.0, () -> !queue.isEmpty());
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
     * Wakes up to [n] callers waiting on this condition, longest-waiting first (Java: `notifyOne()`,
     * `notifyOne(int)`). Never suspends or blocks; the woken callers run once they get the lock back, after
     * the caller releases it. With nobody waiting it does nothing. The caller must hold the lock, else
     * `IllegalStateException("cannot notify on un-acquired lock")`; a negative [n] throws
     * `IllegalArgumentException`.
     *
     * A plain function cannot tell coroutines apart: for a lock held by a coroutine, the check is that the
     * holder runs in the caller's process; for a lock held by a blocked thread, that it is the calling thread.
     *
     * ```kotlin
     * cond.withLock { items++; cond.notify() }
     * ```
     */
    @JvmName("notifyOne")
    @JvmOverloads
    public fun notify(n: Int = 1) {
        require(n >= 0) { "n must be non-negative, got $n" }
        remote?.let {
            it.callBlocking(SyncOp.Notify(n), plainOwnerIdentity())
            return
        }
        check(lock.isHeldByPlainCaller()) {
            "cannot notify on un-acquired lock: acquire the condition (or its lock) before notify(), " +
                "e.g. cond.withLock { cond.notify() }"
        }
        notifyNext(n)
    }

    /**
     * Wakes every caller waiting on this condition (Java: `notifyAllWaiters()`). Never suspends or blocks.
     * The caller must hold the lock, else `IllegalStateException("cannot notify on un-acquired lock")`.
     *
     * ```kotlin
     * cond.withLock { closed = true; cond.notifyAll() }
     * ```
     */
    @JvmName("notifyAllWaiters")
    public fun notifyAll(): Unit = notify(Int.MAX_VALUE)

    /** `<Condition(<RLock(None, 0)>, 0)>`: the lock, and how many callers wait. */
    override fun toString(): String = remote?.describe("Condition") ?: "<Condition($lock, ${synchronized(waiters) { waiters.size }})>"

    /** Acquires the underlying lock as the caller, so that [withLock] and `hold()` release as it does. */
    @PublishedApi
    @JvmSynthetic
    final override suspend fun enter(): Any {
        remote?.let {
            val caller = ownerIdentity()
            it.call(SyncOp.Acquire(true, SyncOp.NO_TIMEOUT), caller)
            return RemoteHeld(caller)
        }
        return lock.enter()
    }

    @PublishedApi
    @JvmSynthetic
    final override fun exit(holder: Any) {
        if (holder is RemoteHeld) remote!!.callBlocking(SyncOp.Release(1), holder.caller) else lock.exit(holder)
    }

    private fun notifyNext(n: Int) {
        val woken = synchronized(waiters) { List(minOf(n, waiters.size)) { waiters.removeFirst() } }
        woken.forEach { it.complete(Unit) }
    }

    /** Takes [signal] out of the queue; `false` if a notify() took it out first. */
    private fun leaveQueue(signal: CompletableDeferred<Unit>): Boolean = synchronized(waiters) { waiters.remove(signal) }
}
