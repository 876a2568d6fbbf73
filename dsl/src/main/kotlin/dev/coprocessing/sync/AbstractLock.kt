package dev.coprocessing.sync

import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.waitingOn
import kotlin.time.Duration

/**
 * What [Lock] and [RLock] share, so that a [Condition] can be built on either: an [Acquirable] ([acquire],
 * [release], Kotlin's [withLock] and Java's [hold][holdBlocking] for Python's `with lock:`) that a caller
 * holds, plus [locked].
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
public abstract class AbstractLock internal constructor() : Acquirable() {

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
    final override suspend fun acquire(block: Boolean, timeout: Duration?): Boolean {
        checkAcquireArguments(block, timeout)
        remote?.let { return it.call(SyncOp.Acquire(block, SyncOp.nanos(timeout)), ownerIdentity()) as Boolean }
        return acquireAs(currentHolder(), block, timeout)
    }

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
    abstract override fun release()

    /**
     * Whether the lock is held by anyone right now. Never suspends; the answer may be stale as soon as it is
     * returned, so use it for reporting, not to decide whether to acquire.
     *
     * ```kotlin
     * println(lock.locked())
     * ```
     */
    public abstract fun locked(): Boolean

    /** Acquires as the calling caller, and returns it: [withLock] and `hold()` release as that caller. */
    @PublishedApi
    @JvmSynthetic
    final override suspend fun enter(): Any {
        remote?.let {
            val caller = ownerIdentity()
            it.call(SyncOp.Acquire(true, SyncOp.NO_TIMEOUT), caller)
            return RemoteHeld(caller)
        }
        val holder = currentHolder()
        acquireAs(holder, block = true, timeout = null)
        return holder
    }

    /** Releases what [enter] acquired, as the caller that acquired it. */
    @PublishedApi
    @JvmSynthetic
    final override fun exit(holder: Any) {
        if (holder is RemoteHeld) remote!!.callBlocking(SyncOp.Release(1), holder.caller) else releaseAs(holder as Holder)
    }

    /** A proxy's [release], as the plain caller. */
    internal fun releaseRemote(remote: RemoteObject) {
        remote.callBlocking(SyncOp.Release(1), plainOwnerIdentity())
    }

    private suspend fun acquireAs(holder: Holder, block: Boolean, timeout: Duration?): Boolean {
        if (tryAcquireAs(holder)) return true
        if (!block || timeout == Duration.ZERO) return false
        if (timeout == null) {
            holder.checkOwnerKnown(heldBy())
            checkNotSelfDeadlock(holder)
        }
        return waitingOn(WaitKind.ACQUIRE, this, timeout) { acquireWithin(timeout, { waitAndAcquireAs(holder) }, { releaseAs(holder) }) }
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

    /** Who holds the lock right now, if anyone. */
    internal abstract fun heldBy(): Holder?

    /** Whether [holder] holds the lock. */
    internal abstract fun isHeldBy(holder: Holder): Boolean

    /** Whether a plain call on this thread comes from the holder (see [Holder.isPlainCaller]). */
    internal abstract fun isHeldByPlainCaller(): Boolean

    /** Releases the lock completely for a [Condition] wait; returns what [restore] needs to take it back. */
    internal abstract fun releaseAllFor(holder: Holder): Int

    /** Takes the lock back for [holder] after a [Condition] wait, as [releaseAllFor] left it. */
    internal abstract suspend fun restore(holder: Holder, saved: Int)
}
