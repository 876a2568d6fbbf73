package dev.coprocessing.futures

import dev.coprocessing.BrokenExecutor
import dev.coprocessing.process.blocking
import dev.coprocessing.process.Signals
import java.util.concurrent.AbstractExecutorService
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.withTimeoutOrNull

/**
 * An [Executor] seen as a `java.util.concurrent.ExecutorService`. The JDK's own `AbstractExecutorService`
 * builds `submit`, `invokeAll` and `invokeAny` on [execute], so their futures are the JDK's (`FutureTask`)
 * with the JDK's semantics; every task runs as a task of the executor.
 */
internal class ExecutorServiceView(private val executor: Executor) : AbstractExecutorService() {
    private val pool get() = executor.pool

    override fun execute(command: Runnable) {
        try {
            executor.submit(command)
        } catch (e: IllegalStateException) {
            throw RejectedExecutionException("${e.message} ($executor)", e)
        } catch (e: BrokenExecutor) {
            throw RejectedExecutionException("${e.message} ($executor)", e)
        }
    }

    override fun shutdown() {
        pool.shutdown(cancelFutures = false)
    }

    override fun shutdownNow(): MutableList<Runnable> = pool.stop(Signals.SIGTERM).toMutableList()

    override fun isShutdown(): Boolean = pool.isShutdown

    override fun isTerminated(): Boolean = pool.isTerminated

    override fun awaitTermination(timeout: Long, unit: TimeUnit): Boolean = pool.isTerminated || blocking {
        withTimeoutOrNull(unit.toNanos(timeout).coerceAtLeast(0).nanoseconds) { pool.awaitTermination() } != null
    }

    override fun toString(): String = "$executor.asExecutorService()"
}
