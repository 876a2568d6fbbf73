package dev.coprocessing.engine

import dev.coprocessing.CancelledError
import dev.coprocessing.TimeoutError
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.TimeoutCancellationException

/**
 * What a worker applies: a Kotlin suspend function or blocking Java code. Both run on the worker's own thread
 * (never on `Dispatchers.Default`), so a blocking body simply blocks it, and stopping the worker interrupts it.
 */
internal sealed class Body<in A, out R> : java.io.Serializable {
    /**
     * What a backend made of this body to run it elsewhere ([WorkerBackend.prepare]): for worker JVMs, its
     * function's bytes, serialized once for all the chunks of a map.
     */
    @Transient @Volatile var shipped: Any? = null

    /** The function, as given: a `suspend (A) -> R` or an `(A) -> R`. */
    abstract val function: Any

    /** Applies the function to [arg]. */
    suspend fun invoke(arg: A): R = when (this) {
        is Suspending -> fn(arg)
        is Blocking -> ThreadWorkers.underWorkerName { fn(arg) }
    }

    /** Runs the function once on [arg]: its value, or a [Failure] at index 0. Never throws. */
    suspend fun runOnce(arg: A): Any? = try {
        invoke(arg)
    } catch (e: Throwable) {
        Failure(0, outcomeOf(e))
    }

    /**
     * Applies the function to `items[from until to]`, writing each result to `out[i - outOffset]`, and stops at
     * the first failure, which it returns with its index; `null` when every item succeeded. [stop] is read
     * before each item, so a chunk whose job already failed elsewhere stops early. Never throws.
     */
    abstract suspend fun runChunk(items: List<A>, from: Int, to: Int, out: Array<Any?>, outOffset: Int, stop: () -> Boolean): Failure?

    /** A Kotlin suspend function: its chunk loop is a suspend loop of its own, kept small for the JIT. */
    class Suspending<A, R>(val fn: suspend (A) -> R) : Body<A, R>() {
        override val function: Any get() = fn

        override suspend fun runChunk(items: List<A>, from: Int, to: Int, out: Array<Any?>, outOffset: Int, stop: () -> Boolean): Failure? {
            var i = from
            return try {
                while (i < to && !stop()) {
                    out[i - outOffset] = fn(items[i])
                    i++
                }
                null
            } catch (e: Throwable) {
                Failure(i, outcomeOf(e))
            }
        }
    }

    /** Blocking Java code: its chunk loop never suspends, and shows the worker's name for as long as it runs. */
    class Blocking<A, R>(val fn: (A) -> R) : Body<A, R>() {
        override val function: Any get() = fn

        override suspend fun runChunk(items: List<A>, from: Int, to: Int, out: Array<Any?>, outOffset: Int, stop: () -> Boolean): Failure? =
            ThreadWorkers.underWorkerName {
                var i = from
                try {
                    while (i < to && !stop()) {
                        out[i - outOffset] = fn(items[i])
                        i++
                    }
                    null
                } catch (e: Throwable) {
                    Failure(i, outcomeOf(e))
                }
            }
    }
}

/** A task's failure: the exception its outcome reports, and the index of the item it threw on. */
internal class Failure(val index: Int, val error: Throwable) : java.io.Serializable

/**
 * What a task's exception becomes as its outcome, the same for every pool and executor: the exception itself,
 * except kotlinx's cancellations, which would silently cancel whoever rethrows them. A `withTimeout` that ran
 * out inside the task is a [TimeoutError]; any other cancellation from inside the task is a [CancelledError].
 * (A worker that is being stopped sees its own cancellation after the body returns, and settles its work as
 * stopped instead.)
 */
internal fun outcomeOf(e: Throwable): Throwable = when (e) {
    is TimeoutCancellationException -> TimeoutError("the task timed out: ${e.message}", e)
    is CancellationException -> CancelledError("the task was cancelled from inside: ${e.message}", e)
    else -> e
}
