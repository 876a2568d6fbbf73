package dev.coprocessing.sync

import kotlinx.coroutines.sync.Mutex

/**
 * A non-reentrant lock, as Python's `multiprocessing.Lock`: once one caller holds it, every other [acquire]
 * waits until it is released. Any caller may [release] it, not only the one that acquired it, as in CPython.
 *
 * Being non-reentrant, a second `acquire()` by the caller that holds it could only wait forever. Where CPython
 * would hang, this fails fast: with `block = true` and no timeout it throws `IllegalStateException` pointing
 * to [RLock]. With a timeout it waits and returns `false`, and `acquire(block = false)` returns `false`, as in
 * CPython.
 *
 * Built on kotlinx.coroutines' `Mutex`: fair (first come, first served), cancellable while waiting, and on
 * coroutine time. The blocking twins (the Java view) hold it on behalf of the calling thread.
 *
 * ```kotlin
 * multiprocessing {
 *     val lock = Lock()
 *     repeat(3) { i ->
 *         Process { lock.withLock { println("$i is running"); sleep(0.1); println("$i is done") } }.start()
 *     }
 * }
 * ```
 *
 * ```java
 * Lock lock = new Lock();
 * try (var held = lock.hold()) {
 *     System.out.println("alone here");
 * }
 * ```
 */
public class Lock : AbstractLock() {
    private val mutex = Mutex()

    @Volatile private var holder: Holder? = null

    /**
     * Releases the lock; any caller may, as in CPython. Never suspends or blocks. Releasing a lock that is not
     * locked throws `IllegalStateException("semaphore or lock released too many times")`.
     *
     * ```kotlin
     * lock.release()
     * ```
     */
    override fun release() {
        remote?.let { return releaseRemote(it) }
        holder = null
        try {
            mutex.unlock()
        } catch (e: IllegalStateException) {
            throw IllegalStateException(
                "semaphore or lock released too many times: this Lock is not locked; call release() once per acquire()",
            )
        }
    }

    /**
     * Whether some caller holds the lock. Never suspends.
     *
     * ```kotlin
     * check(!lock.locked())
     * ```
     */
    override fun locked(): Boolean = remote?.let { it.plain(SyncOp.LOCKED) as Boolean } ?: mutex.isLocked

    /** `<Lock(owner=None)>`, or `<Lock(owner=Process-1)>` naming the process of the caller that holds it. */
    override fun toString(): String = remote?.describe("Lock") ?: "<Lock(owner=${holder?.process?.name ?: "None"})>"

    override fun tryAcquireAs(holder: Holder): Boolean = mutex.tryLock().also { if (it) this.holder = holder }

    override suspend fun waitAndAcquireAs(holder: Holder) {
        mutex.lock()
        this.holder = holder
    }

    override fun checkNotSelfDeadlock(holder: Holder) {
        check(this.holder?.isSameCaller(holder) != true) {
            "this Lock is already held by the caller (in ${holder.process.name}) and is not reentrant: acquiring it " +
                "again would wait forever. Use an RLock to acquire it again while holding it, or release it first"
        }
    }

    override fun releaseAs(holder: Holder): Unit = release()

    override fun heldBy(): Holder? = holder

    override fun isHeldBy(holder: Holder): Boolean = this.holder?.isSameCaller(holder) == true

    override fun isHeldByPlainCaller(): Boolean = holder?.isPlainCaller() == true

    override fun releaseAllFor(holder: Holder): Int {
        release()
        return 1
    }

    override suspend fun restore(holder: Holder, saved: Int): Unit = waitAndAcquireAs(holder)
}
