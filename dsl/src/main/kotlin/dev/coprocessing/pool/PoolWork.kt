package dev.coprocessing.pool

import dev.coprocessing.Progress
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.Failure
import dev.coprocessing.engine.Work
import dev.coprocessing.engine.Worker
import dev.coprocessing.internal.guardCallback
import dev.coprocessing.engine.reportCallbackFailure
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive

/** Something the pool's result handler finishes: runs callbacks, then makes a result ready. */
internal interface Delivery {
    suspend fun deliver()
}

/** Something not yet finished that `terminate()` (or a broken pool) must fail at once. */
internal interface Pending {
    fun abort(error: Throwable)
}

/** A single `apply`/`applyAsync` task and its result. */
internal class ApplyWork<T>(
    private val pool: PoolCore,
    private val task: Body<Unit, T>,
    val result: AsyncResult<T>,
    private val callback: (suspend (T) -> Unit)?,
    private val errorCallback: (suspend (Throwable) -> Unit)?,
) : Work, Delivery, Pending {
    private var outcome: Any? = null

    override suspend fun run(worker: Worker) {
        if (result.ready()) return pool.unitDone(this)
        outcome = worker.runOnce(task, Unit)
        currentCoroutineContext().ensureActive()
        worker.settling()
        if (callback == null && errorCallback == null) settle() else pool.deliver(this)
    }

    override fun dropped(error: Throwable) {
        abort(error)
        pool.unitDone(this)
    }

    /** Its worker was stopped: the task's outcome is [error], settled by the result handler. */
    override fun stopped(error: Throwable) {
        outcome = Failure(0, error)
        pool.deliver(this)
    }

    override suspend fun deliver(): Unit = settle()

    private suspend fun settle() {
        try {
            settleOutcome()
        } catch (e: Throwable) {
            result.fail(e, seen = true) // a callback raised what no guard swallows: the result still ends
            throw e
        } finally {
            outcome = null
            pool.unitDone(this)
        }
    }

    private suspend fun settleOutcome() {
        val failure = outcome as? Failure
        if (failure != null) return settleFailure(result, failure.error, errorCallback)
        @Suppress("UNCHECKED_CAST")
        val value = outcome as T
        val callbackError = callback?.let { guardCallback { it(value) } }
        if (callbackError == null) result.succeed(value) else result.fail(callbackError, seen = false)
    }

    override fun abort(error: Throwable) {
        result.fail(error, seen = true)
    }
}

/**
 * A `map`/`mapAsync`/`starmap` over a known list of items, cut into chunks. Results are written in place into
 * one array, so a map of a million tiny items allocates little beyond its input and its output.
 *
 * Fails fast, as CPython does: the first chunk to fail (in completion order) fails the whole result, and chunks
 * not yet started are skipped. Without callbacks or progress, chunks settle on the workers; otherwise in the
 * result handler, one at a time.
 */
internal class MapJob<A, R>(
    private val pool: PoolCore,
    private val items: List<A>,
    private val task: Body<A, R>,
    chunksize: Int,
    val result: AsyncResult<List<R>>,
    private val callback: (suspend (List<R>) -> Unit)?,
    private val errorCallback: (suspend (Throwable) -> Unit)?,
    private val progress: Progress?,
) : Pending {
    private val values = arrayOfNulls<Any?>(items.size)
    private val viaHandler = callback != null || errorCallback != null || progress != null
    private val failed = AtomicBoolean()
    @Volatile private var stopped = false

    val chunks: List<Chunk> = (0 until items.size step chunksize).map { from -> Chunk(from, minOf(from + chunksize, items.size)) }
    private val remaining = AtomicInteger(chunks.size)
    private val settled = AtomicInteger(chunks.size)
    private var itemsDone = 0L // result handler only

    inner class Chunk(private val from: Int, private val to: Int) : Work, Delivery {
        private var failure: Failure? = null
        private var ran = false

        override suspend fun run(worker: Worker) {
            if (stopped) return finishChunk()
            failure = worker.runChunk(task, items, from, to, values, 0) { stopped }
            ran = true
            currentCoroutineContext().ensureActive()
            worker.settling()
            if (viaHandler) pool.deliver(this) else settle()
        }

        override fun dropped(error: Throwable) {
            abort(error)
            finishChunk()
        }

        /** Its worker was stopped: the chunk failed with [error], which fails the map. */
        override fun stopped(error: Throwable) {
            failure = Failure(from, error)
            ran = true
            pool.deliver(this)
        }

        override suspend fun deliver(): Unit = settle()

        private suspend fun settle() {
            try {
                val failure = failure
                if (failure != null) {
                    if (failed.compareAndSet(false, true) && !result.ready()) {
                        stopped = true
                        settleFailure(result, failure.error, errorCallback)
                    }
                } else if (ran && !stopped) {
                    progress?.let { listener ->
                        itemsDone += to - from
                        guardCallback { listener.update(itemsDone, items.size.toLong()) }?.let {
                            reportCallbackFailure("a map's progress listener", it)
                        }
                    }
                    if (remaining.decrementAndGet() == 0) complete()
                }
            } catch (e: Throwable) {
                stopped = true
                result.fail(e, seen = true) // a callback raised what no guard swallows: the result still ends
                throw e
            } finally {
                finishChunk()
            }
        }

        private fun finishChunk() {
            pool.unitDone(if (settled.decrementAndGet() == 0) this@MapJob else null)
        }
    }

    private suspend fun complete() {
        @Suppress("UNCHECKED_CAST")
        val list = values.asList() as List<R>
        val callbackError = callback?.let { guardCallback { it(list) } }
        if (callbackError == null) result.succeed(list) else result.fail(callbackError, seen = false)
    }

    /** Completes a job with no items at once (its callback still runs in the result handler). */
    suspend fun completeEmpty(): Unit = complete()

    override fun abort(error: Throwable) {
        stopped = true
        result.fail(error, seen = true)
    }
}

/** Runs user callback code; returns what it threw instead of throwing, so the result handler goes on. */
internal inline fun runCallback(block: () -> Unit): Throwable? =
    try {
        block()
        null
    } catch (e: Throwable) {
        e
    }

/**
 * Fails [result] with a task's [error], handing it to [errorCallback] first. An error callback that returns
 * has seen the exception (nothing more is reported); one that throws adds its own exception as suppressed, and
 * the failure stays unretrieved until someone calls `get()`.
 */
internal suspend fun settleFailure(result: AsyncResult<*>, error: Throwable, errorCallback: (suspend (Throwable) -> Unit)?) {
    if (errorCallback == null) {
        result.fail(error, seen = false)
        return
    }
    val callbackError = guardCallback { errorCallback(error) }
    if (callbackError != null && callbackError !== error) error.addSuppressed(callbackError)
    result.fail(error, seen = callbackError == null)
}
