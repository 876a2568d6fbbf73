package dev.coprocessing.futures

import dev.coprocessing.Progress
import dev.coprocessing.TimeoutError
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.ThreadWorkers
import dev.coprocessing.engine.Inputs
import dev.coprocessing.engine.reportCallbackFailure
import dev.coprocessing.process.blocking
import dev.coprocessing.internal.checkTimeout
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/** The results of one chunk: those computed before the first failure, and that failure. */
internal class Chunk<T>(val values: List<T>, val error: Throwable?) : java.io.Serializable

/**
 * One call of an executor's `map`, as CPython's `Executor.map`: the work is submitted at the call (all of
 * it, or the first [buffersize] items, or chunks), and results are read in order, each waiting at most
 * what is left of the [timeout] counted from the call. On the first failure, a timeout, or when the reader
 * stops early, the futures not yet read are cancelled.
 *
 * With [chunksize] > 1 a task runs [chunksize] items: the results of a failing chunk are yielded up to the
 * failing item, then its exception, as the plain `map` of a sequence would.
 */
internal class ExecutorMap<A, T>(
    private val executor: Executor,
    private val input: Iterator<A>,
    private val total: Long?,
    private val timeout: Duration?,
    private val chunksize: Int,
    private val buffersize: Int?,
    private val progress: Progress?,
    private val body: Body<A, T>,
) {
    private val startNanos = System.nanoTime()
    private val pending = ArrayDeque<Future<Any?>>()
    private var chunkValues: Iterator<T>? = null
    private var chunkError: Throwable? = null
    private var done = 0L
    private var failed = false
    private val claimed = AtomicBoolean()

    init {
        checkTimeout(timeout)
        require(chunksize >= 1) { "chunksize must be >= 1, got $chunksize" }
        require(buffersize == null || buffersize >= 1) { "buffersize must be null or >= 1, got $buffersize" }
        try {
            if (buffersize != null) {
                for (i in 0 until buffersize) if (!submitNext()) break
            } else {
                while (submitNext()) {
                    // Without a buffer the whole input is submitted at the call, as CPython does.
                }
            }
        } catch (e: Throwable) {
            cancelRest()
            throw e
        }
    }

    /** The results as a Flow, collectable once. */
    fun asFlow(): Flow<T> = flow {
        claim()
        try {
            while (true) {
                val value = next()
                if (value === NO_MORE) break
                @Suppress("UNCHECKED_CAST")
                emit(value as T)
            }
        } finally {
            cancelRest()
        }
    }

    /** The results as a blocking Iterator (the Java view): `next()` waits for each in turn. */
    fun asIterator(): Iterator<T> {
        claim()
        return object : Iterator<T> {
            override fun hasNext(): Boolean = this@ExecutorMap.hasNext()

            override fun next(): T {
                if (!hasNext()) throw NoSuchElementException("no more results")
                val value = blocking { this@ExecutorMap.next() }
                if (value === NO_MORE) throw NoSuchElementException("no more results")
                @Suppress("UNCHECKED_CAST")
                return value as T
            }
        }
    }

    private fun claim() {
        check(claimed.compareAndSet(false, true)) {
            "the results of map can be read only once: collect them into a list to read them again"
        }
    }

    private fun hasNext(): Boolean =
        !failed && (chunkValues?.hasNext() == true || chunkError != null || pending.isNotEmpty())

    /** The next result in order, or [NO_MORE]; rethrows a task's exception, or [TimeoutError]. */
    private suspend fun next(): Any? {
        while (true) {
            chunkValues?.let { values -> if (values.hasNext()) return counted(values.next()) else chunkValues = null }
            chunkError?.let { error ->
                chunkError = null
                fail()
                throw error
            }
            if (failed || pending.isEmpty()) return NO_MORE
            val future = pending.removeFirst()
            val value = try {
                if (buffersize != null) submitNext()
                future.result(remaining())
            } catch (e: Throwable) {
                future.cancel()
                fail()
                if (e is TimeoutError && !future.done()) {
                    throw TimeoutError("map: result ${done + 1} was not ready within $timeout of the call", e)
                }
                throw e
            }
            if (chunksize == 1) {
                @Suppress("UNCHECKED_CAST")
                return counted(value as T)
            }
            @Suppress("UNCHECKED_CAST")
            val chunk = value as Chunk<T>
            chunkValues = chunk.values.iterator()
            chunkError = chunk.error
        }
    }

    private fun remaining(): Duration? {
        val limit = timeout ?: return null
        if (limit.isInfinite()) return null
        val left = limit - (System.nanoTime() - startNanos).nanoseconds
        return if (left.isNegative()) Duration.ZERO else left
    }

    private fun counted(value: T): T {
        done++
        progress?.let { p ->
            try {
                p.update(done, total)
            } catch (e: Exception) {
                reportCallbackFailure("the progress callback of map", e)
            }
        }
        return value
    }

    private fun fail() {
        failed = true
        cancelRest()
    }

    private fun cancelRest() {
        pending.forEach { it.cancel() }
        pending.clear()
    }

    /** Submits the next item (or chunk) of the input; `false` when the input is exhausted. */
    private fun submitNext(): Boolean {
        if (!input.hasNext()) return false
        // Each task captures only the function and its items, not this map: on "spawn" it crosses to a worker JVM.
        val future: Future<Any?> = if (chunksize == 1) {
            val item = input.next()
            when (val b = body) {
                is Body.Suspending -> b.fn.let { fn -> executor.submitSuspending { fn(item) } }
                is Body.Blocking -> b.fn.let { fn -> executor.submitSuspending { ThreadWorkers.underWorkerName { fn(item) } } }
            }
        } else {
            val items = ArrayList(Inputs.nextChunk(input, chunksize))
            val b = body
            executor.submitSuspending { runChunk(b, items) }
        }
        pending.addLast(future)
        return true
    }

    private companion object {
        val NO_MORE = Any()

        /** The results of [items] up to the first failure, and that failure; a stopped worker fails the whole chunk. */
        suspend fun <A, T> runChunk(body: Body<A, T>, items: List<A>): Chunk<T> {
        val out = arrayOfNulls<Any?>(items.size)
        val failure = body.runChunk(items, 0, items.size, out, 0) { false }
        @Suppress("UNCHECKED_CAST")
        val values = ArrayList(out.asList().subList(0, failure?.index ?: items.size)) as List<T>
        return Chunk(values, failure?.error)
        }
    }
}
