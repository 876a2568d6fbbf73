@file:JvmName("Futures")
@file:JvmMultifileClass

package dev.coprocessing.futures

import dev.coprocessing.TimeoutError
import dev.coprocessing.process.blocking
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The given [futures] as they complete (finish or are cancelled), as CPython's `as_completed`: those already
 * done first, then each as soon as it is done. A future given twice comes once. Never suspends itself; the
 * returned [Flow] can be collected once.
 *
 * [timeout] counts from the start of the collection: once it has passed, the flow throws [TimeoutError]
 * ("2 (of 5) futures unfinished"). Stopping the collection early leaves the futures running.
 *
 * ```kotlin
 * val futures = urls.map { url -> ex.submit { download(url) } }
 * asCompleted(futures, timeout = 30.seconds).collect { println(it.result().length) }
 * ```
 */
@JvmSynthetic
public fun <T> asCompleted(futures: Iterable<Future<T>>, timeout: Duration? = null): Flow<Future<T>> {
    val order = CompletionOrder(futures, timeout)
    return flow {
        order.claim()
        try {
            while (true) emit(order.next() ?: break)
        } finally {
            order.close()
        }
    }
}

/**
 * The Java view of [asCompleted]: an `Iterator` whose `next()` blocks until the next future is done
 * (Java: `Futures.asCompleted(futures)`). An interrupt of the thread blocked in `next()` ends the wait with
 * `InterruptedException`, which `java.util.Iterator` cannot declare: catch it as an `Exception`.
 *
 * ```java
 * for (Iterator<Future<String>> it = Futures.asCompleted(futures); it.hasNext(); ) {
 *     System.out.println(it.next().result());
 * }
 * ```
 */
@JvmName("asCompleted")
public fun <T> asCompletedBlocking(futures: Iterable<Future<T>>): Iterator<Future<T>> =
    CompletionOrder(futures, null).asIterator()

/**
 * [asCompletedBlocking] with a [timeout] counted from the first `hasNext()`/`next()`
 * (Java: `Futures.asCompleted(futures, Duration)`).
 *
 * ```java
 * Iterator<Future<String>> it = Futures.asCompleted(futures, Duration.ofSeconds(30));
 * ```
 */
@JvmName("asCompleted")
public fun <T> asCompletedBlocking(futures: Iterable<Future<T>>, timeout: java.time.Duration): Iterator<Future<T>> =
    CompletionOrder(futures, timeout.toTimeout()).asIterator()

/**
 * [asCompletedBlocking] with a timeout of [timeoutSeconds] (Java: `Futures.asCompleted(futures, double)`).
 *
 * ```java
 * Iterator<Future<String>> it = Futures.asCompleted(futures, 30.0);
 * ```
 */
@JvmName("asCompleted")
public fun <T> asCompletedBlocking(futures: Iterable<Future<T>>, timeoutSeconds: Double): Iterator<Future<T>> =
    CompletionOrder(futures, secondsToTimeout(timeoutSeconds)).asIterator()

/**
 * The order in which futures complete. Listeners on the futures feed a channel, so no completion is missed
 * between two reads; they are removed when the reading ends.
 */
private class CompletionOrder<T>(futures: Iterable<Future<T>>, private val timeout: Duration?) : DoneListener {
    private val all: Set<Future<T>> = LinkedHashSet<Future<T>>().apply { futures.forEach { add(it) } }
    private val total = all.size
    private var remaining = total
    private var startNanos = 0L
    private var started = false
    private val alreadyDone = ArrayDeque<Future<T>>()
    private val completed = Channel<Future<T>>(Channel.UNLIMITED)
    private val claimed = AtomicBoolean()

    init {
        checkTimeout(timeout)
    }

    @Suppress("UNCHECKED_CAST")
    override fun futureDone(future: Future<*>) {
        completed.trySend(future as Future<T>)
    }

    fun claim() {
        check(claimed.compareAndSet(false, true)) {
            "the futures of asCompleted can be read only once: call asCompleted again to read them again"
        }
    }

    fun asIterator(): Iterator<Future<T>> {
        claim()
        return object : Iterator<Future<T>> {
            override fun hasNext(): Boolean = remaining > 0

            override fun next(): Future<T> =
                blocking { this@CompletionOrder.next() } ?: throw NoSuchElementException("every future has been returned")
        }
    }

    /** The next completed future, or `null` when all have been returned; throws [TimeoutError] at the deadline. */
    suspend fun next(): Future<T>? {
        if (!started) start()
        if (remaining == 0) return null
        alreadyDone.removeFirstOrNull()?.let { remaining--; return it }
        val left = timeout?.let { it - (System.nanoTime() - startNanos).nanoseconds }
        val future = when {
            left == null -> completed.receive()
            left.isPositive() -> withTimeoutOrNull(left) { completed.receive() }
            else -> completed.tryReceive().getOrNull()
        }
        if (future == null) {
            close()
            throw TimeoutError("$remaining (of $total) futures unfinished")
        }
        remaining--
        return future
    }

    private fun start() {
        started = true
        startNanos = System.nanoTime()
        for (future in all) if (!future.addListener(this)) alreadyDone.addLast(future)
    }

    fun close() {
        if (started) all.forEach { it.removeListener(this) }
    }
}
