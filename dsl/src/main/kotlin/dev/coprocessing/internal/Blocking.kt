package dev.coprocessing.internal

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
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

/** Warns once when a blocking twin runs on a CPU thread of `Dispatchers.Default`. */
internal object DefaultDispatcherGuard {
    private val warned = AtomicBoolean(false)

    /**
     * kotlinx.coroutines shares its worker threads between `Default` and `IO`, so the thread's name cannot
     * tell them apart; the scheduler's own check can, when this version of kotlinx.coroutines has it.
     */
    private val mayNotBlock: MethodHandle? = runCatching {
        val holder = Class.forName("kotlinx.coroutines.scheduling.CoroutineSchedulerKt")
        MethodHandles.publicLookup().findStatic(
            holder, "mayNotBlock", MethodType.methodType(Boolean::class.javaPrimitiveType, Thread::class.java),
        )
    }.getOrNull()

    fun isDefaultDispatcherThread(thread: Thread = Thread.currentThread()): Boolean =
        mayNotBlock?.let { runCatching { it.invoke(thread) as Boolean }.getOrDefault(false) } ?: false

    fun check() {
        if (!warned.get() && isDefaultDispatcherThread() && warned.compareAndSet(false, true)) {
            Unraisable.report(
                "coprocessing: a blocking call (xxxBlocking, or the Java view) ran on a Dispatchers.Default " +
                    "thread (${Thread.currentThread().name}); it blocks one of the few threads every coroutine " +
                    "shares. Call the suspend form instead (join(), get(), acquire(), ...). This is reported once.",
                error = null,
            )
        }
    }
}
