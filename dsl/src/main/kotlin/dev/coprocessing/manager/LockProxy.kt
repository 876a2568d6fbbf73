package dev.coprocessing.manager

import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Holder

/**
 * The operations of a managed `Lock` or `RLock`. Each carries the caller it acts for ([Holder]), so that the
 * lock is held by the caller that asked, wherever the lock lives; a remote backend would send a token for it.
 */
internal object LockOps {
    class TryAcquire(private val holder: Holder) : Op<AbstractLock, Boolean> {
        override fun applyTo(target: AbstractLock): Boolean = target.tryAcquireAs(holder)
    }

    class WaitAndAcquire(private val holder: Holder) : WaitingOp<AbstractLock, Unit> {
        override suspend fun applyTo(target: AbstractLock): Unit = target.waitAndAcquireAs(holder)

        /** The lock is often free again by the time a caller that found it taken comes to wait. */
        override fun applyNow(target: AbstractLock): Any? = if (target.tryAcquireAs(holder)) Unit else WouldWait
    }

    /** A plain `release()`: the lock tells its caller from the thread it runs on. */
    object Release : Op<AbstractLock, Unit> {
        override fun applyTo(target: AbstractLock): Unit = target.release()
    }

    class ReleaseAs(private val holder: Holder) : Op<AbstractLock, Unit> {
        override fun applyTo(target: AbstractLock): Unit = target.releaseAs(holder)
    }

    object Locked : Op<AbstractLock, Boolean> {
        override fun applyTo(target: AbstractLock): Boolean = target.locked()
    }

    class CheckNotSelfDeadlock(private val holder: Holder) : Op<AbstractLock, Unit> {
        override fun applyTo(target: AbstractLock): Unit = target.checkNotSelfDeadlock(holder)
    }

    object HeldBy : Op<AbstractLock, Holder?> {
        override fun applyTo(target: AbstractLock): Holder? = target.heldBy()
    }

    class IsHeldBy(private val holder: Holder) : Op<AbstractLock, Boolean> {
        override fun applyTo(target: AbstractLock): Boolean = target.isHeldBy(holder)
    }

    object IsHeldByPlainCaller : Op<AbstractLock, Boolean> {
        override fun applyTo(target: AbstractLock): Boolean = target.isHeldByPlainCaller()
    }

    class ReleaseAllFor(private val holder: Holder) : Op<AbstractLock, Int> {
        override fun applyTo(target: AbstractLock): Int = target.releaseAllFor(holder)
    }

    class Restore(private val holder: Holder, private val saved: Int) : WaitingOp<AbstractLock, Unit> {
        override suspend fun applyTo(target: AbstractLock): Unit = target.restore(holder, saved)
    }

    /** What the lock's `toString()` says. */
    object Describe : Op<Any, String> {
        override fun applyTo(target: Any): String = target.toString()
    }
}

/**
 * A `Lock` or `RLock` kept by a [Manager], as CPython's `AcquirerProxy`: the same lock as
 * [dev.coprocessing.sync.Lock] or [dev.coprocessing.sync.RLock], with every rule of theirs (who holds it,
 * fairness, cancellation, timeouts on coroutine time, CPython's errors), reached through the manager. It is an
 * [AbstractLock], so `withLock { }`, Java's `hold()` and a [Condition][Manager.Condition] take it. Made by
 * [Manager.Lock] and [Manager.RLock].
 *
 * Once the manager has shut down, every call throws `IllegalStateException("Manager has shut down")`, and a
 * caller waiting for the lock stops waiting with that error.
 *
 * ```kotlin
 * manager {
 *     val lock = Lock()
 *     val d = dict(mapOf("count" to 0))
 *     lock.withLock { d["count"] = d["count"]!! + 1 }
 * }
 * ```
 */
public class LockProxy internal constructor(internal val handle: Handle<AbstractLock>) : AbstractLock() {
    /**
     * Releases the lock, as the lock's own `release()` (see [dev.coprocessing.sync.Lock.release] and
     * [dev.coprocessing.sync.RLock.release]). Never suspends or blocks.
     *
     * ```kotlin
     * lock.release()
     * ```
     */
    override fun release() {
        if (!releaseIfRemote()) handle.call(LockOps.Release)
    }

    /**
     * Whether some caller holds the lock. Never suspends.
     *
     * ```kotlin
     * println(lock.locked())
     * ```
     */
    override fun locked(): Boolean = remote?.let { it.callBlocking(dev.coprocessing.sync.SyncOp.Plain(dev.coprocessing.sync.SyncOp.LOCKED)) as Boolean } ?: handle.call(LockOps.Locked)

    /** The lock's own repr, as CPython's proxies show their referent's: `<Lock(owner=None)>`, `<RLock(Process-1, 2)>`. */
    override fun toString(): String =
        if (remote != null) "<LockProxy ${handle.described} of the parent's Manager>"
        else if (handle.backend.isShutdown) "<LockProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)

    override fun tryAcquireAs(holder: Holder): Boolean = handle.call(LockOps.TryAcquire(holder))

    override suspend fun waitAndAcquireAs(holder: Holder): Unit = handle.await(LockOps.WaitAndAcquire(holder))

    override fun releaseAs(holder: Holder): Unit = handle.call(LockOps.ReleaseAs(holder))

    override fun checkNotSelfDeadlock(holder: Holder): Unit = handle.call(LockOps.CheckNotSelfDeadlock(holder))

    override fun heldBy(): Holder? = handle.call(LockOps.HeldBy)

    override fun isHeldBy(holder: Holder): Boolean = handle.call(LockOps.IsHeldBy(holder))

    override fun isHeldByPlainCaller(): Boolean = handle.call(LockOps.IsHeldByPlainCaller)

    override fun releaseAllFor(holder: Holder): Int = handle.call(LockOps.ReleaseAllFor(holder))

    override suspend fun restore(holder: Holder, saved: Int): Unit = handle.await(LockOps.Restore(holder, saved))
}
