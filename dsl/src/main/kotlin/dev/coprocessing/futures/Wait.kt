@file:JvmName("Futures")
@file:JvmMultifileClass

package dev.coprocessing.futures

import dev.coprocessing.process.blocking
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Suspends until the [futures] reach [returnWhen], or [timeout] passes (`null`: no limit), as CPython's
 * `concurrent.futures.wait`; then returns which are done and which are not. A timeout is not an error here:
 * the futures still running are in [DoneAndNotDone.notDone]. Cancelling the caller stops the wait only.
 *
 * - [ReturnWhen.FIRST_COMPLETED]: as soon as any future is done (at once if one already is).
 * - [ReturnWhen.FIRST_EXCEPTION]: as soon as any future finishes by throwing; otherwise when all are done.
 * - [ReturnWhen.ALL_COMPLETED]: when every future is done.
 *
 * ```kotlin
 * val (done, notDone) = wait(futures, timeout = 5.seconds, returnWhen = FIRST_COMPLETED)
 * ```
 */
@JvmSynthetic
public suspend fun <T> wait(
    futures: Iterable<Future<T>>,
    timeout: Duration? = null,
    returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): DoneAndNotDone<T> {
    checkTimeout(timeout)
    val all = LinkedHashSet<Future<T>>().apply { futures.forEach { add(it) } }
    val reached = CompletableDeferred<Unit>()
    val pending = AtomicInteger(all.size)
    val listener = DoneListener { future ->
        val stop = when (returnWhen) {
            ReturnWhen.FIRST_COMPLETED -> true
            ReturnWhen.FIRST_EXCEPTION -> future.finishedWithException()
            ReturnWhen.ALL_COMPLETED -> false
        }
        if (pending.decrementAndGet() == 0 || stop) reached.complete(Unit)
    }
    if (all.isEmpty()) reached.complete(Unit)
    try {
        for (future in all) if (!future.addListener(listener)) listener.futureDone(future)
        if (!reached.isCompleted) {
            if (timeout == null) reached.await() else withTimeoutOrNull(timeout) { reached.await() }
        }
    } finally {
        all.forEach { it.removeListener(listener) }
    }
    val (done, notDone) = all.partition { it.done() }
    return DoneAndNotDone(LinkedHashSet(done), LinkedHashSet(notDone))
}

/**
 * Blocks until every future is done: the blocking twin of [wait] (Java: `Futures.wait(futures)`).
 *
 * ```java
 * DoneAndNotDone<Integer> r = Futures.wait(futures);
 * ```
 */
@JvmName("wait")
@Throws(InterruptedException::class)
public fun <T> waitBlocking(futures: Iterable<Future<T>>): DoneAndNotDone<T> = blocking { wait(futures) }

/**
 * Blocks until the futures reach [returnWhen] (Java: `Futures.wait(futures, ReturnWhen)`).
 *
 * ```java
 * DoneAndNotDone<Integer> r = Futures.wait(futures, ReturnWhen.FIRST_COMPLETED);
 * ```
 */
@JvmName("wait")
@Throws(InterruptedException::class)
public fun <T> waitBlocking(futures: Iterable<Future<T>>, returnWhen: ReturnWhen): DoneAndNotDone<T> =
    blocking { wait(futures, null, returnWhen) }

/**
 * Blocks until the futures reach [returnWhen] or [timeout] passes (Java: `Futures.wait(futures, Duration, ReturnWhen)`).
 *
 * ```java
 * DoneAndNotDone<Integer> r = Futures.wait(futures, Duration.ofSeconds(5), ReturnWhen.FIRST_EXCEPTION);
 * ```
 */
@JvmName("wait")
@JvmOverloads
@Throws(InterruptedException::class)
public fun <T> waitBlocking(
    futures: Iterable<Future<T>>,
    timeout: java.time.Duration,
    returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): DoneAndNotDone<T> = blocking { wait(futures, timeout.toTimeout(), returnWhen) }

/**
 * Blocks until the futures reach [returnWhen] or [timeoutSeconds] pass, as Python's `wait(fs, timeout=1.5)`
 * (Java: `Futures.wait(futures, double, ReturnWhen)`).
 *
 * ```java
 * DoneAndNotDone<Integer> r = Futures.wait(futures, 1.5);
 * ```
 */
@JvmName("wait")
@JvmOverloads
@Throws(InterruptedException::class)
public fun <T> waitBlocking(
    futures: Iterable<Future<T>>,
    timeoutSeconds: Double,
    returnWhen: ReturnWhen = ReturnWhen.ALL_COMPLETED,
): DoneAndNotDone<T> = blocking { wait(futures, secondsToTimeout(timeoutSeconds), returnWhen) }

/**
 * Blocks until the futures reach [returnWhen] or [timeout] passes (`null`: no limit). Kotlin only.
 *
 * ```kotlin
 * val (done, notDone) = waitBlocking(futures, 5.seconds, FIRST_COMPLETED)
 * ```
 */
@Throws(InterruptedException::class)
public fun <T> waitBlocking(futures: Iterable<Future<T>>, timeout: Duration?, returnWhen: ReturnWhen): DoneAndNotDone<T> =
    blocking { wait(futures, timeout, returnWhen) }
