package dev.coprocessing.futures

import java.util.concurrent.RejectedExecutionException
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancel

/**
 * An [Executor]'s worker threads as a coroutine dispatcher. A block dispatched after shutdown cancels its
 * coroutine and runs on `Dispatchers.IO` instead, so the coroutine can finish rather than hang, as
 * kotlinx's `ExecutorCoroutineDispatcher` does.
 */
internal class ExecutorDispatcher(private val executor: Executor) : CoroutineDispatcher() {
    override fun dispatch(context: CoroutineContext, block: Runnable) {
        try {
            executor.pool.dispatch(block)
        } catch (e: RejectedExecutionException) {
            context[Job]?.cancel(kotlinx.coroutines.CancellationException("$executor has shut down and rejected the coroutine", e))
            Dispatchers.IO.dispatch(context, block)
        }
    }

    override fun toString(): String = "$executor.asCoroutineDispatcher()"
}
