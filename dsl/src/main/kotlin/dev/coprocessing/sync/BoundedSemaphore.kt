package dev.coprocessing.sync

/**
 * A [Semaphore] that may never be released above its initial [value], as Python's
 * `multiprocessing.BoundedSemaphore`: an extra `release()` is a bug (a permit given back twice), and throws
 * `IllegalStateException("Semaphore released too many times")` leaving the count unchanged.
 *
 * ```kotlin
 * val pool = BoundedSemaphore(3)
 * pool.withLock { useConnection() }
 * pool.release()   // IllegalStateException: Semaphore released too many times
 * ```
 */
public class BoundedSemaphore @JvmOverloads public constructor(value: Int = 1) : Semaphore(value) {
    override val maxValue: Int = value
}
