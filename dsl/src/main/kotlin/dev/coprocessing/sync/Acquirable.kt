package dev.coprocessing.sync

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import kotlin.contracts.ExperimentalContracts
import kotlin.contracts.InvocationKind
import kotlin.contracts.contract
import kotlin.time.Duration

/**
 * Anything taken with Python's `acquire(block=True, timeout=None)` and given back with `release()`: a [Lock],
 * an [RLock], a [Semaphore] (one permit) or a [Condition] (its lock). Each says what [acquire] takes; this
 * class gives all of them the same blocking twins (the Java view), Kotlin's [withLock] and Java's
 * [hold][holdBlocking] for Python's `with lock:`.
 *
 * Only the primitives of this package extend it.
 *
 * ```kotlin
 * suspend fun <T> guarded(guard: Acquirable, action: () -> T): T = guard.withLock(action)
 *
 * guarded(Lock()) { println("one at a time") }
 * guarded(Semaphore(4)) { println("four at a time") }
 * ```
 */
public abstract class Acquirable internal constructor() {
    /** When this object is a worker JVM's proxy of its parent's object: the way to that object. */
    internal val remote: RemoteObject? = Remote.takeConstructing()

    private companion object {
        init {
            SyncSharing.register()
        }
    }


    /**
     * Acquires, as Python's `acquire(block=True, timeout=None)`, and returns whether it did.
     *
     * With [block] `= true` (the default) it suspends until it can take what it acquires, or until [timeout]
     * has passed (`null`: no limit), and returns `false` on timeout. With [block] `= false` it never suspends.
     * A timeout with `block = false` throws `IllegalArgumentException` ("can't specify timeout for
     * non-blocking acquire"), as does a negative timeout. Cancellable: cancelled while it waits, it throws
     * `CancellationException` holding nothing.
     *
     * ```kotlin
     * if (guard.acquire(timeout = 2.seconds)) {
     *     try { work() } finally { guard.release() }
     * }
     * ```
     */
    @JvmSynthetic
    public abstract suspend fun acquire(block: Boolean = true, timeout: Duration? = null): Boolean

    /**
     * Gives back what [acquire] took. Never suspends or blocks; the caller that waited longest, if any, gets
     * it. Giving back more than was taken throws `IllegalStateException`, except for a plain [Semaphore].
     *
     * ```kotlin
     * guard.acquire()
     * try { work() } finally { guard.release() }
     * ```
     */
    public abstract fun release()

    /**
     * Blocks the calling thread until [acquire] succeeds: its blocking twin (Java: `acquire()`). Always
     * returns `true`.
     *
     * ```java
     * lock.acquire();
     * try { work(); } finally { lock.release(); }
     * ```
     */
    @JvmName("acquire")
    @Throws(InterruptedException::class)
    public fun acquireBlocking(): Boolean = blocking { acquire() }

    /**
     * Acquires, waiting only when [block] is true; returns whether it did (Java: `acquire(boolean)`,
     * Python's `acquire(False)`).
     *
     * ```java
     * if (lock.acquire(false)) { try { work(); } finally { lock.release(); } }
     * ```
     */
    @JvmName("acquire")
    @Throws(InterruptedException::class)
    public fun acquireBlocking(block: Boolean): Boolean = blocking { acquire(block) }

    /**
     * Blocks until it acquires or [timeout] passes; returns whether it did (Java: `acquire(Duration)`).
     *
     * ```java
     * if (lock.acquire(Duration.ofSeconds(2))) { ... }
     * ```
     */
    @JvmName("acquire")
    @Throws(InterruptedException::class)
    public fun acquireBlocking(timeout: java.time.Duration): Boolean = blocking { acquire(timeout = timeout.toTimeout()) }

    /**
     * Blocks until it acquires or [timeoutSeconds] pass, as Python's `acquire(timeout=1.5)` (Java:
     * `acquire(double)`).
     *
     * ```java
     * if (lock.acquire(1.5)) { ... }
     * ```
     */
    @JvmName("acquire")
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
    public fun acquireBlocking(block: Boolean = true, timeout: Duration? = null): Boolean =
        blocking { acquire(block, timeout) }

    /**
     * Runs [action] having acquired, and releases however [action] ends: Python's `with lock:`. Suspends
     * while it waits; cancellation while waiting throws `CancellationException` without running [action].
     * A lock is released as the caller that acquired it.
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
     * Acquires (suspending while it waits) and returns a [Held] whose `close()` releases, on behalf of this
     * caller; for `use { }` blocks. [withLock] is the shorter Kotlin form.
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
     * Blocks until it acquires and returns a [Held] that releases when closed: Java's form of Python's
     * `with lock:` (Java: `hold()`).
     *
     * ```java
     * try (var held = lock.hold()) {
     *     balance += 10;
     * }
     * ```
     */
    @JvmName("hold")
    @Throws(InterruptedException::class)
    public fun holdBlocking(): Held = blocking { hold() }

    /**
     * Acquires for [withLock] and [hold], returning who to release as. What has no owner (a semaphore's
     * permit) needs nobody: it acquires and returns nothing in particular.
     */
    @PublishedApi
    @JvmSynthetic
    internal open suspend fun enter(): Any {
        acquire()
        return Unit
    }

    /** Releases what [enter] acquired, as the caller that acquired it. */
    @PublishedApi
    @JvmSynthetic
    internal open fun exit(holder: Any): Unit = release()
}
