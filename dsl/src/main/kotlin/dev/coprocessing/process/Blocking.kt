package dev.coprocessing.process

import dev.coprocessing.internal.BlockingCaller
import dev.coprocessing.internal.DefaultDispatcherGuard
import dev.coprocessing.internal.callerIdentityIn
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.runBlocking

/**
 * Who is calling a plain (non-suspending) function, for ownership: the coroutine running on this thread right
 * now, as the current process's context element records it on every resumption, or the thread itself.
 */
internal fun plainCallerIdentity(): Any =
    ProcessContext.runningContext()?.let(::callerIdentityIn) ?: Thread.currentThread()

/** Warns once when the calling thread runs a coroutine of `Dispatchers.Default` (see [DefaultDispatcherGuard]). */
internal fun warnIfOnDefaultDispatcher(): Unit = DefaultDispatcherGuard.check(ProcessContext.runningContext())

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
 *
 * It lives with processes, not in `internal`, because carrying the current process is part of its job.
 */
internal fun <T> blocking(block: suspend CoroutineScope.() -> T): T {
    warnIfOnDefaultDispatcher()
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
