package dev.coprocessing.sync

import dev.coprocessing.internal.blocking
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract
import kotlin.time.Duration

/**
 * What [Lock] and [RLock] share, so that a [Condition] can be built on either: [acquire], [release],
 * [locked], Kotlin's [withLock] and Java's [hold][holdBlocking] for Python's `with lock:`.
 *
 * A lock is held by a caller: the calling coroutine, or the calling thread when it comes through a blocking
 * twin (the Java view). Code inside `coroutineScope { }`, `withContext { }` or `withTimeout { }` acts for the
 * coroutine that waits for it; a coroutine started with `launch` or `async` is a caller of its own.
 *
 * Waiting is fair: callers get the lock in the order they started waiting. Every wait runs on coroutine time,
 * so `runTest` skips timeouts. A caller cancelled while it waits stops waiting at once and never ends up
 * holding the lock.
 *
 * ```kotlin
 * val lock: AbstractLock = if (reentrant) RLock() else Lock()
 * lock.withLock { println("only one at a time") }
 * ```
 */
public abstract class AbstractLock internal constructor() {

    /**
     * Acquires the lock, as Python's `acquire(block=True, timeout=None)`, and returns whether it did.
     *
     * With [block] `= true` (the default) it suspends until the lock is free, or until [timeout] has passed
     * (`null`: no limit), and returns `false` on timeout. With [block] `= false` it never suspends: it returns
     * at once whether it took the lock. A timeout with `block = false` throws `IllegalArgumentException`
     * ("can't specify timeout for non-blocking acquire"), as does a negative timeout.
     *
     * Cancellable: if the caller is cancelled while it waits, this throws `CancellationException` and the lock
     * is not held; a cancellation or timeout that races with success gives the lock back.
     *
     * ```kotlin
     * if (lock.acquire(timeout = 2.seconds)) {
     *     try { work() } finally { lock.release() }
     * }
     * ```
     */
    @JvmSynthetic
    public suspend fun acquire(block: Boolean = true, timeout: Duration? = null): Boolean {
        checkAcquireArguments(block, timeout)
        return acquireAs(currentHolder(), block, timeout)
    }

    /**
     * Blocks the calling thread until it holds the lock: the blocking twin of [acquire] (Java: `acquire()`).
     * Always returns `true`.
     *
     * ```java
     * lock.acquire();
     * try { work(); } finally { lock.release(); }
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(): Boolean = blocking { acquire() }

    /**
     * Takes the lock, waiting for it only when [block] is true; returns whether it holds it (Java:
     * `acquire(boolean)`, Python's `acquire(False)`).
     *
     * ```java
     * if (lock.acquire(false)) { try { work(); } finally { lock.release(); } }
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(block: Boolean): Boolean = blocking { acquire(block) }

    /**
     * Blocks until the lock is taken or [timeout] passes; returns whether it holds it (Java: `acquire(Duration)`).
     *
     * ```java
     * if (lock.acquire(Duration.ofSeconds(2))) { ... }
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(timeout: java.time.Duration): Boolean = blocking { acquire(timeout = timeout.toTimeout()) }

    /**
     * Blocks until the lock is taken or [timeoutSeconds] pass, as Python's `acquire(timeout=1.5)` (Java:
     * `acquire(double)`).
     *
     * ```java
     * if (lock.acquire(1.5)) { ... }
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(timeoutSeconds: Double): Boolean =
        blocking { acquire(timeout = secondsToTimeout(timeoutSeconds)) }

    /**
     * Python's positional `acquire(True, timeout)` (Java: `acquire(boolean, Duration)`); `block = false`
     * with a timeout throws `IllegalArgumentException`.
     *
     * ```java
     * lock.acquire(true, Duration.ofMillis(500));
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(block: Boolean, timeout: java.time.Duration): Boolean =
        blocking { acquire(block, timeout.toTimeout()) }

    /**
     * Python's positional `acquire(True, 0.5)` (Java: `acquire(boolean, double)`); `block = false` with a
     * timeout throws `IllegalArgumentException`.
     *
     * ```java
     * lock.acquire(true, 0.5);
     * ```
     */
    @JvmName("acquire")
    public fun acquireBlocking(block: Boolean, timeoutSeconds: Double): Boolean =
        blocking { acquire(block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [acquire] with Kotlin's `Duration`; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * if (lock.acquireBlocking(timeout = 2.seconds)) try { work() } finally { lock.release() }
     * ```
     */
    @JvmSynthetic
    public fun acquireBlocking(block: Boolean = true, timeout: Duration? = null): Boolean =
        blocking { acquire(block, timeout) }

    /**
     * Releases the lock. Never suspends or blocks; if callers are waiting, the one that waited longest gets it.
     *
     * Releasing a lock that is not locked (or, for an [RLock], not held by the caller) throws
     * `IllegalStateException`, as CPython raises.
     *
     * ```kotlin
     * lock.acquire()
     * try { work() } finally { lock.release() }
     * ```
     */
    public abstract fun release()

    /**
     * Whether the lock is held by anyone right now. Never suspends; the answer may be stale as soon as it is
     * returned, so use it for reporting, not to decide whether to acquire.
     *
     * ```kotlin
     * println(lock.locked())
     * ```
     */
    public abstract fun locked(): Boolean

    /**
     * Runs [action] holding the lock and releases it however [action] ends: Python's `with lock:`. Suspends
     * while it waits for the lock; cancellation while waiting throws `CancellationException` without running
     * [action].
     *
     * ```kotlin
     * lock.withLock { balance += 10 }
     * ```
     */
    @OptIn(ExperimentalContracts::class)
    @JvmSynthetic
    public suspend inline fun <T> withLock(action: () -> T): T {
        contract { callsInPlace(action, InvocationKind.EXACTLY_ONCE) }
        val holder = enter()
        try {
            return action()
        } finally {
            exit(holder)
        }
    }

    /**
     * Acquires the lock (suspending while it waits) and returns a [Held] whose `close()` releases it on
     * behalf of this caller; for `use { }` blocks. [withLock] is the shorter Kotlin form.
     *
     * ```kotlin
     * lock.hold().use { work() }
     * ```
     */
    @JvmSynthetic
    public suspend fun hold(): Held {
        val holder = enter()
        return Held { exit(holder) }
    }

    /**
     * Blocks until the lock is taken and returns a [Held] that releases it when closed: Java's form of
     * Python's `with lock:` (Java: `hold()`).
     *
     * ```java
     * try (var held = lock.hold()) {
     *     balance += 10;
     * }
     * ```
     */
    @JvmName("hold")
    public fun holdBlocking(): Held = blocking { hold() }

    /** Acquires for [withLock] and [hold], returning the holder to release as. */
    @PublishedApi
    @JvmSynthetic
    internal suspend fun enter(): Any {
        val holder = currentHolder()
        acquireAs(holder, block = true, timeout = null)
        return holder
    }

    /** Releases what [enter] acquired, as the caller that acquired it. */
    @PublishedApi
    @JvmSynthetic
    internal fun exit(holder: Any): Unit = releaseAs(holder as Holder)

    private suspend fun acquireAs(holder: Holder, block: Boolean, timeout: Duration?): Boolean {
        if (tryAcquireAs(holder)) return true
        if (!block || timeout == Duration.ZERO) return false
        if (timeout == null) checkNotSelfDeadlock(holder)
        return acquireWithin(timeout, { waitAndAcquireAs(holder) }, { releaseAs(holder) })
    }

    // ---- what Lock and RLock implement ------------------------------------------------------------------

    /** Takes the lock for [holder] if that needs no waiting. */
    internal abstract fun tryAcquireAs(holder: Holder): Boolean

    /** Waits for the lock and takes it for [holder]; cancelled, it takes nothing. */
    internal abstract suspend fun waitAndAcquireAs(holder: Holder)

    /** Releases once on behalf of [holder]. */
    internal abstract fun releaseAs(holder: Holder)

    /** Fails fast when waiting for the lock without a time limit could only wait forever. */
    internal open fun checkNotSelfDeadlock(holder: Holder) {}

    /** Whether [holder] holds the lock. */
    internal abstract fun isHeldBy(holder: Holder): Boolean

    /** Whether a plain call on this thread may come from the holder (see [Holder.mayBePlainCaller]). */
    internal abstract fun isHeldByPlainCaller(): Boolean

    /** Releases the lock completely for a [Condition] wait; returns what [restore] needs to take it back. */
    internal abstract fun releaseAllFor(holder: Holder): Int

    /** Takes the lock back for [holder] after a [Condition] wait, as [releaseAllFor] left it. */
    internal abstract suspend fun restore(holder: Holder, saved: Int)
}
