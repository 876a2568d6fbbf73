package dev.coprocessing.sync

/**
 * A [Barrier] is broken, or broke while the caller waited, as Python's `threading.BrokenBarrierError`: it was
 * [aborted][Barrier.abort] or [reset][Barrier.reset], a waiter timed out or was cancelled, or the barrier's
 * action threw. Every caller waiting at that moment gets it, and so does every later `wait()` until
 * [Barrier.reset].
 *
 * Unchecked, and not a `CancellationException`: it reports what happened to the barrier, not a cancellation
 * of the caller.
 *
 * ```kotlin
 * try { barrier.wait() } catch (e: BrokenBarrierError) { println("the others gave up") }
 * ```
 */
public open class BrokenBarrierError(message: String? = null, cause: Throwable? = null) : RuntimeException(message, cause)
