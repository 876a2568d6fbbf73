package dev.coprocessing.internal

import java.lang.invoke.MethodHandle
import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.cancellation.CancellationException
import dev.coprocessing.process.ProcessContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.runBlocking

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
internal suspend fun callerIdentity(): Any = identityIn(currentCoroutineContext())

/**
 * [callerIdentity] for a plain (non-suspending) function: the coroutine running on this thread right now, as
 * the current process's context element records it on every resumption, or the thread itself.
 */
internal fun plainCallerIdentity(): Any = ProcessContext.runningContext()?.let(::identityIn) ?: Thread.currentThread()

private fun identityIn(context: CoroutineContext): Any =
    context[BlockingCaller]?.identity ?: context[kotlinx.coroutines.Job] ?: Thread.currentThread()

/**
 * Runs the suspend form of a call on behalf of a caller outside coroutines. Every blocking twin in the
 * library is one line over this helper, so the logic lives once, in the suspend function.
 *
 * The current process (see `currentProcess()`) carries over into [block]. An interrupt of the blocked
 * thread cancels [block] and surfaces as [InterruptedException], which is how `terminate()` stops a
 * blocking target; an interrupt that comes only once [block] has completed leaves its outcome standing and
 * the thread's interrupt flag set. The caller gets the very exception [block] threw, never a copy.
 *
 * Called on a thread of `Dispatchers.Default`, it warns once (on stderr) that the suspend form should be
 * used there instead: blocking those few threads starves every coroutine.
 */
internal fun <T> blocking(block: suspend CoroutineScope.() -> T): T {
    DefaultDispatcherGuard.check()
    // The outcome leaves the coroutine as a value: kotlinx's stack-trace recovery (on when assertions are)
    // then has nothing to copy, and the caller gets the very exception the suspend form threw.
    var outcome: Result<T>? = null
    try {
        runBlocking(BlockingCaller(plainCallerIdentity()) + ProcessContext.ofCurrentThread()) {
            outcome = runCatching { block() }
        }
    } catch (e: InterruptedException) {
        // An interrupt that arrives just as the call completes must not lose what it did (a lock it took, an
        // item it removed): the call stands, and the interrupt stays pending for the caller's next wait.
        val done = outcome
        if (done == null || done.exceptionOrNull() is CancellationException) throw e
        Thread.currentThread().interrupt()
        return done.getOrThrow()
    }
    return outcome!!.getOrThrow()
}

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
            System.err.println(
                "coprocessing: a blocking call (xxxBlocking, or the Java view) ran on a Dispatchers.Default " +
                    "thread (${Thread.currentThread().name}); it blocks one of the few threads every coroutine " +
                    "shares. Call the suspend form instead (join(), get(), acquire(), ...). This is reported once.",
            )
        }
    }
}
