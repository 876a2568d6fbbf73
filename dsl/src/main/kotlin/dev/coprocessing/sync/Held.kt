package dev.coprocessing.sync

import java.util.concurrent.atomic.AtomicBoolean

/**
 * A lock, semaphore permit or condition's lock held by the caller until [close]: the Java form of Python's
 * `with lock:`, made by `hold()`. Closing releases exactly once, on behalf of the caller that acquired it;
 * closing again does nothing.
 *
 * ```java
 * try (var held = lock.hold()) {
 *     counter++;
 * }
 * ```
 *
 * In Kotlin, `withLock { }` is the same thing and cannot be misused:
 * ```kotlin
 * lock.withLock { counter++ }
 * ```
 */
public class Held internal constructor(private val release: () -> Unit) : AutoCloseable {
    private val closed = AtomicBoolean(false)

    /** Releases what `hold()` acquired; only the first call does anything. Never blocks. */
    override fun close() {
        if (closed.compareAndSet(false, true)) release()
    }
}
