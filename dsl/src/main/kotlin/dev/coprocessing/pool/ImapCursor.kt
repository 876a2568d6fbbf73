package dev.coprocessing.pool

import dev.coprocessing.Progress
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.Failure
import dev.coprocessing.engine.Inputs
import dev.coprocessing.engine.Work
import dev.coprocessing.engine.Worker
import dev.coprocessing.internal.guardCallback
import dev.coprocessing.engine.reportCallbackFailure
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive

/**
 * The engine behind `imap` and `imapUnordered`, read by one consumer: the collector of a Kotlin `Flow` or the
 * caller of a Java `Iterator`. It pulls the input in chunks, keeps at most [window] chunks submitted ahead of
 * the consumer, and hands back results in input order ([ordered]) or in completion order.
 *
 * A failing item is rethrown when the consumer reaches it; the items of its chunk before it are delivered
 * first (CPython loses them). The consumer's [finish] skips the chunks not yet started.
 */
internal class ImapCursor<A, R>(
    private val pool: PoolCore,
    private val input: Iterator<A>,
    private val total: Long?,
    private val chunksize: Int,
    private val task: Body<A, R>,
    private val ordered: Boolean,
    private val progress: Progress?,
    private val window: Int,
) : Pending {
    private val inflight = ArrayDeque<Chunk>()
    private val completions = Channel<Any>(Channel.UNLIMITED)
    private var current: Chunk? = null
    private var position = 0
    private var consumed = 0L
    private var leased = false
    private var eager = false
    @Volatile private var abortedWith: Throwable? = null
    @Volatile private var abandoned = false
    /** What reading the input threw: raised once the results read before it have been handed out. */
    private var inputError: Throwable? = null
    private var inputEnded = false

    /** Chunks submitted and not yet run, plus one while the input is still being read (eager mode only). */
    private val outstanding = AtomicInteger(1)

    inner class Chunk(val items: List<A>) : Work {
        val results = arrayOfNulls<Any?>(items.size)
        var failure: Failure? = null
        @Volatile var done = false

        override suspend fun run(worker: Worker) {
            if (abandoned || abortedWith != null) return chunkSettled()
            failure = worker.runChunk(task, items, 0, items.size, results, 0) { abandoned }
            currentCoroutineContext().ensureActive()
            worker.settling()
            settled()
        }

        override fun dropped(error: Throwable) {
            abort(error)
            chunkSettled()
        }

        /** Its worker was stopped: the chunk's first item fails with [error]. */
        override fun stopped(error: Throwable) {
            failure = Failure(0, error)
            settled()
        }

        private fun settled() {
            done = true
            completions.trySend(this)
            chunkSettled()
        }

        /** How many results can be handed out: all of them, or those before the failure. */
        val available: Int get() = failure?.index ?: items.size
    }

    /**
     * Starts reading. A Kotlin flow holds a lease on the pool while it is collected ([lease]), so that a pool
     * closed meanwhile waits for it, and pulls its input lazily. A Java iterator has no end the pool could
     * wait for, so it submits its whole input now, as CPython does, and its results wait for it.
     */
    fun start(lease: Boolean) {
        pool.register(this, lease)
        leased = lease
        eager = !lease
        if (eager) {
            try {
                fill(Int.MAX_VALUE)
            } finally {
                chunkSettled(countsUnit = false)
            }
        }
    }

    /** Whether [next] has something to return (a value or an exception), waiting for it if need be. */
    suspend fun hasNext(): Boolean {
        while (true) {
            readyHasNext()?.let { return it }
            if (leased) fill(window)
            if (inflight.isEmpty()) return endOfInput()
            current = awaitChunk()
            position = 0
        }
    }

    /**
     * What [hasNext] would return if it is known without waiting: `true` when the current chunk has more,
     * `null` when the next chunk must be waited for. Lets the Java iterator skip the event loop for most items.
     */
    fun readyHasNext(): Boolean? {
        abortedWith?.let { throw it }
        val chunk = current ?: return if (inflight.isEmpty() && !inputHasNext()) endOfInput() else null
        if (position < chunk.available || chunk.failure != null) return true
        current = null
        consumed += chunk.items.size
        progress?.let { listener ->
            guardCallback { listener.update(consumed, total) }?.let { reportCallbackFailure("an imap's progress listener", it) }
        }
        return if (inflight.isEmpty() && !inputHasNext()) endOfInput() else null
    }

    /** The next result, or the next task's exception; call after [hasNext] returned `true`. */
    fun next(): R {
        val chunk = current ?: throw NoSuchElementException("no more results: check hasNext() first")
        if (position < chunk.available) {
            @Suppress("UNCHECKED_CAST")
            return chunk.results[position++] as R
        }
        val failure = chunk.failure ?: throw NoSuchElementException("no more results: check hasNext() first")
        current = null
        consumed += chunk.items.size
        throw failure.error
    }

    /** The consumer is done (exhausted, failed or cancelled): chunks not yet started are skipped. */
    fun finish() {
        abandoned = true
        if (leased) {
            leased = false
            pool.release(this, lease = true)
        }
    }

    override fun abort(error: Throwable) {
        abortedWith = error
        completions.trySend(WAKE)
    }

    /** Every result has been handed out and the input is done: its error, if reading it failed, comes now. */
    private fun endOfInput(): Boolean {
        val error = inputError ?: return false
        inputError = null
        throw error
    }

    private fun inputHasNext(): Boolean {
        if (inputEnded) return false
        return try {
            input.hasNext().also { if (!it) inputEnded = true }
        } catch (e: Throwable) {
            inputFailed(e)
            false
        }
    }

    private fun inputFailed(error: Throwable) {
        inputEnded = true
        inputError = error
    }

    private fun fill(limit: Int) {
        while (inflight.size < limit && inputHasNext()) {
            abortedWith?.let { throw it }
            // The items read before the input failed still run, and their results come first.
            val items = Inputs.nextChunk(input, chunksize, ::inputFailed)
            if (items.isEmpty()) break
            val chunk = Chunk(items)
            inflight.addLast(chunk)
            outstanding.incrementAndGet()
            try {
                pool.enqueue(chunk, null, leased)
            } catch (e: Throwable) {
                inflight.removeLast()
                outstanding.decrementAndGet()
                throw e
            }
        }
    }

    private suspend fun awaitChunk(): Chunk {
        if (ordered) {
            val head = inflight.first()
            while (!head.done) receive()
            return inflight.removeFirst()
        }
        while (true) {
            val chunk = receive()
            if (chunk is ImapCursor<*, *>.Chunk) {
                @Suppress("UNCHECKED_CAST")
                chunk as ImapCursor<A, R>.Chunk
                inflight.remove(chunk)
                return chunk
            }
        }
    }

    private suspend fun receive(): Any {
        val item = completions.receive()
        abortedWith?.let { throw it }
        return item
    }

    /** One chunk has run or been skipped; an eager cursor leaves the pool's watch once all have. */
    private fun chunkSettled(countsUnit: Boolean = true) {
        pool.unitDone(if (eager && outstanding.decrementAndGet() == 0) this else null, countsUnit)
    }

    private companion object {
        val WAKE = Any()
    }
}
