package dev.coprocessing.sync

import kotlinx.coroutines.sync.Mutex

/**
 * A reentrant lock, as Python's `multiprocessing.RLock`: the caller that holds it may acquire it again, and
 * must release it as many times as it acquired it before anyone else gets it.
 *
 * The holder is the calling coroutine, or the calling thread for blocking callers (the Java view). Code inside
 * `coroutineScope { }`, `withContext { }` or `withTimeout { }` acts for the coroutine around it, so it
 * re-enters; a coroutine started with `launch` or `async` is another caller and waits.
 *
 * Only the holder may [release] it. A plain function cannot tell coroutines apart, so `release()` called from
 * a coroutine checks that the holder is a coroutine of the same process; [withLock] and `hold()` release
 * exactly as the caller that acquired, and are the forms to prefer.
 *
 * Built on kotlinx.coroutines' `Mutex`: fair, cancellable while waiting, and on coroutine time.
 *
 * ```kotlin
 * val lock = RLock()
 * lock.withLock {
 *     lock.withLock { println("re-entered: $lock") }   // <RLock(MainProcess, 2)>
 * }
 * ```
 */
public class RLock : AbstractLock() {
    private val mutex = Mutex()

    // Written only by the caller that holds the mutex; read by anyone.
    @Volatile private var holder: Holder? = null
    @Volatile private var count = 0

    /**
     * Releases one level of the lock; the last release frees it for the next caller. Never suspends or blocks.
     * Throws `IllegalStateException("cannot release un-acquired lock")` when the caller does not hold it.
     *
     * ```kotlin
     * lock.acquire()
     * try { work() } finally { lock.release() }
     * ```
     */
    override fun release() {
        remote?.let { return releaseRemote(it) }
        val current = holder
        check(current != null && current.isPlainCaller()) { unacquired(current) }
        releaseAs(current)
    }

    /**
     * Whether some caller holds the lock. Never suspends.
     *
     * ```kotlin
     * check(!lock.locked())
     * ```
     */
    override fun locked(): Boolean = remote?.let { it.plain(SyncOp.LOCKED) as Boolean } ?: mutex.isLocked

    /** `<RLock(None, 0)>`, or `<RLock(Process-1, 2)>`: the holder's process and how many times it holds it. */
    override fun toString(): String {
        remote?.let { return it.describe("RLock") }
        val current = holder
        return if (current == null) "<RLock(None, 0)>" else "<RLock(${current.process.name}, $count)>"
    }

    override fun tryAcquireAs(holder: Holder): Boolean {
        if (this.holder?.isSameCaller(holder) == true) {
            count++
            return true
        }
        if (!mutex.tryLock()) return false
        take(holder, 1)
        return true
    }

    override suspend fun waitAndAcquireAs(holder: Holder) {
        mutex.lock()
        take(holder, 1)
    }

    override fun releaseAs(holder: Holder) {
        val current = this.holder
        check(current != null && current.isSameCaller(holder)) { unacquired(current) }
        if (--count == 0) {
            this.holder = null
            mutex.unlock()
        }
    }

    override fun heldBy(): Holder? = holder

    override fun isHeldBy(holder: Holder): Boolean = this.holder?.isSameCaller(holder) == true

    override fun isHeldByPlainCaller(): Boolean = holder?.isPlainCaller() == true

    override fun releaseAllFor(holder: Holder): Int {
        check(isHeldBy(holder)) { unacquired(this.holder) }
        val saved = count
        count = 0
        this.holder = null
        mutex.unlock()
        return saved
    }

    override suspend fun restore(holder: Holder, saved: Int) {
        mutex.lock()
        take(holder, saved)
    }

    private fun take(holder: Holder, times: Int) {
        count = times
        this.holder = holder
    }

    private fun unacquired(current: Holder?): String =
        if (current == null) "cannot release un-acquired lock: this RLock is not held; call release() once per acquire()"
        else "cannot release un-acquired lock: this RLock is held by another caller (in ${current.process.name}); " +
            "only the caller that acquired it may release it"
}
