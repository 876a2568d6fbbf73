package dev.coprocessing.manager

import dev.coprocessing.sync.SyncOp
import dev.coprocessing.sync.Acquirable
import dev.coprocessing.sync.Semaphore
import kotlin.time.Duration

/** The operations of a managed `Semaphore` or `BoundedSemaphore`. */
internal object SemaphoreOps {
    class Acquire(private val block: Boolean, timeout: Duration?) : WaitingOp<Semaphore, Boolean> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Semaphore): Boolean = target.acquire(block, timeout)
    }

    class Release(private val n: Int) : Op<Semaphore, Unit> {
        override fun applyTo(target: Semaphore): Unit = target.release(n)
    }

    object GetValue : Op<Semaphore, Int> {
        override fun applyTo(target: Semaphore): Int = target.getValue()
    }
}

/**
 * A `Semaphore` or `BoundedSemaphore` kept by a [Manager], as CPython's `AcquirerProxy` for them: the same
 * counter of permits as [Semaphore] and [dev.coprocessing.sync.BoundedSemaphore], with every rule of theirs
 * (fair waiting, no permit lost to cancellation, CPython's errors), reached through the manager. It is an
 * [Acquirable], so `withLock { }` and Java's `hold()` work. Made by [Manager.Semaphore] and
 * [Manager.BoundedSemaphore].
 *
 * Once the manager has shut down, every call throws `IllegalStateException("Manager has shut down")`, and a
 * caller waiting for a permit stops waiting with that error.
 *
 * ```kotlin
 * manager {
 *     val rooms = Semaphore(4)
 *     rooms.withLock { println("singing") }
 * }
 * ```
 */
public class SemaphoreProxy internal constructor(internal val handle: Handle<Semaphore>) : Acquirable() {
    /**
     * Takes a permit, as [Semaphore.acquire]: with [block] it suspends until one is free or [timeout] has
     * passed (`null`: no limit), returning `false` on timeout; without, it answers at once. Cancellable.
     *
     * ```kotlin
     * if (sem.acquire(timeout = 1.seconds)) try { work() } finally { sem.release() }
     * ```
     */
    @JvmSynthetic
    override suspend fun acquire(block: Boolean, timeout: Duration?): Boolean = handle.await(SemaphoreOps.Acquire(block, timeout))

    /**
     * Gives back one permit, as [Semaphore.release]. Never suspends or blocks.
     *
     * ```kotlin
     * sem.release()
     * ```
     */
    override fun release(): Unit = release(1)

    /**
     * Gives back [n] permits, as [Semaphore.release]`(n)`. Never suspends or blocks.
     *
     * ```kotlin
     * sem.release(3)
     * ```
     */
    public fun release(n: Int): Unit = handle.call(SemaphoreOps.Release(n))

    /**
     * The number of permits free right now, as Python's `get_value()`.
     *
     * ```kotlin
     * println(sem.getValue())
     * ```
     */
    public fun getValue(): Int = handle.call(SemaphoreOps.GetValue)

    /** The semaphore's own repr: `<Semaphore(value=3)>`, `<BoundedSemaphore(value=2, maxvalue=3)>`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<SemaphoreProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)
}
