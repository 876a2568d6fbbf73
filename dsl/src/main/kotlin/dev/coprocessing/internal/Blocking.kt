package dev.coprocessing.internal

import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.ContinuationInterceptor
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.currentCoroutineContext

/**
 * Marks a coroutine that runs on behalf of a caller blocked in a blocking twin, so that ownership (an `RLock`'s
 * owner, for one) belongs to that caller, not to each short-lived coroutine the twin starts. [identity] is the
 * coroutine that called the twin when a coroutine did (so a lock taken with `acquire()` is the same caller's
 * in `acquireBlocking()`), otherwise the blocked thread.
 */
internal class BlockingCaller(val identity: Any) : AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<BlockingCaller>
}

/**
 * Who is calling, for ownership: the caller of a blocking twin when the call came through one, otherwise the
 * calling coroutine's [kotlinx.coroutines.Job] (or the thread, outside any job).
 */
internal suspend fun callerIdentity(): Any = callerIdentityIn(currentCoroutineContext())

/** [callerIdentity] as read from [context], for callers that hold a coroutine's context rather than run in it. */
internal fun callerIdentityIn(context: CoroutineContext): Any =
    context[BlockingCaller]?.identity ?: context[kotlinx.coroutines.Job] ?: Thread.currentThread()

/**
 * Warns once when a blocking twin runs on a CPU thread of `Dispatchers.Default`.
 *
 * kotlinx.coroutines shares its worker threads between `Default` and `IO`, so neither the thread nor its name
 * can tell them apart. The dispatcher of the coroutine running on the thread can: every coroutine of a library
 * process records its context on the thread it resumes on (see `ProcessContext`), and [check] reads the
 * dispatcher from there. A blocking call outside every `multiprocessing { }` block has no such record and is
 * not checked; nor is a view of `Default` made with `limitedParallelism`.
 */
internal object DefaultDispatcherGuard {
    private val warned = AtomicBoolean(false)

    /** Whether [running], the context of the coroutine on the calling thread, dispatches on `Dispatchers.Default`. */
    fun isDefaultDispatcher(running: CoroutineContext?): Boolean =
        running != null && running[ContinuationInterceptor] === Dispatchers.Default

    /** Warns once when [running] (the calling thread's coroutine context) is on `Dispatchers.Default`. */
    fun check(running: CoroutineContext?) {
        if (!warned.get() && isDefaultDispatcher(running) && warned.compareAndSet(false, true)) {
            Unraisable.report(
                "coprocessing: a blocking call (xxxBlocking, or the Java view) ran on a Dispatchers.Default " +
                    "thread (${Thread.currentThread().name}); it blocks one of the few threads every coroutine " +
                    "shares. Call the suspend form instead (join(), get(), acquire(), ...). This is reported once.",
                error = null,
            )
        }
    }
}
