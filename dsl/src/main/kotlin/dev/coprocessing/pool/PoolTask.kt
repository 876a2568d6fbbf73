package dev.coprocessing.pool

import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.runInterruptible
import dev.coprocessing.CancelledError

/**
 * A function a worker applies: a Kotlin suspend function, which frees its thread whenever it suspends, or
 * blocking Java code, which holds one of the pool's own threads while it runs and is interrupted by
 * `terminate()`. Blocking code never runs on `Dispatchers.Default`.
 */
internal sealed class PoolTask<in A, out R> {
    class Suspending<A, R>(val body: suspend (A) -> R) : PoolTask<A, R>()
    class Blocking<A, R>(val body: (A) -> R) : PoolTask<A, R>()

    /**
     * Applies the function to `items[from until to]`, writing each result to `out` at the same index minus
     * [outOffset]. Stops at the first failure and returns it as a [ChunkFailure] (with the index it happened
     * at); returns `null` when every item succeeded. Blocking code is entered once per chunk, not per item.
     * [stop] is read before each item, so a chunk whose job failed elsewhere stops early.
     */
    suspend fun runChunk(items: List<A>, from: Int, to: Int, out: Array<Any?>, outOffset: Int, stop: () -> Boolean): ChunkFailure? =
        when (this) {
            is Suspending -> {
                var i = from
                try {
                    while (i < to && !stop()) {
                        out[i - outOffset] = body(items[i])
                        i++
                    }
                    null
                } catch (e: Throwable) {
                    ChunkFailure(i, taskFailure(e))
                }
            }
            // The task's exception is caught inside runInterruptible, so that it reaches the result as the same
            // instance (coroutines may rethrow a copy of what crosses them); an interrupt that ends the block comes
            // from terminate(), and the worker sees its own cancellation right after.
            is Blocking -> runInterruptible {
                var i = from
                try {
                    while (i < to && !stop()) {
                        out[i - outOffset] = body(items[i])
                        i++
                    }
                    null
                } catch (e: Throwable) {
                    ChunkFailure(i, taskFailure(e))
                }
            }
        }

    /** Runs the function once on [arg]; the outcome is a value or a [ChunkFailure] at index 0. */
    suspend fun runOnce(arg: A): Any? = when (this) {
        is Suspending -> try {
            body(arg)
        } catch (e: Throwable) {
            ChunkFailure(0, taskFailure(e))
        }
        is Blocking -> runInterruptible {
            try {
                body(arg)
            } catch (e: Throwable) {
                ChunkFailure(0, taskFailure(e))
            }
        }
    }
}

/** A task's failure: the exception it threw, and the index of the item it threw on. */
internal class ChunkFailure(val index: Int, val error: Throwable)

/**
 * What a task threw, as its result reports it. A worker that is being stopped rethrows its own cancellation
 * (the caller of [PoolTask.runChunk] checks that first); any other `CancellationException` came from inside
 * the task (a `withTimeout` that ran out, say) and is wrapped in [CancelledError], because an exception that
 * reports a task's outcome must never look like the cancellation of whoever retrieves it.
 */
private fun taskFailure(e: Throwable): Throwable =
    if (e is CancellationException) CancelledError("the task was cancelled from inside: ${e.message}", e) else e

