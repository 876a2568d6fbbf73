package dev.coprocessing.sync

import dev.coprocessing.internal.callerIdentity
import dev.coprocessing.internal.sameCaller
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.plainCallerIdentity
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job

/**
 * Who holds a lock: the caller's [identity] (a thread blocked in a blocking twin, or a coroutine) and the
 * [process] it runs in, which `toString()` shows as CPython does.
 */
internal class Holder(val identity: Any, val process: Process) {
    fun isSameCaller(other: Holder): Boolean = sameCaller(identity, other.identity)

    /**
     * Whether a plain (non-suspending) call on the current thread comes from this holder. Inside a process it is
     * exact: the thread knows the coroutine it runs. Outside every process a plain function cannot see which
     * coroutine calls it, so for a coroutine holder the check narrows to the process.
     */
    fun isPlainCaller(): Boolean {
        val caller = plainCallerIdentity()
        if (caller is Thread && identity is Job && ProcessContext.runningContext() == null) {
            return process === (ProcessContext.currentOrNull() ?: Process.outside)
        }
        // Right after a scoped block (coroutineScope, withTimeout, withContext) ends, the code after it runs on
        // with the block's context still recorded on its thread: kotlinx.coroutines resumes it in the same frame.
        // That block's job has completed and no longer knows its parent, so the caller is known only up to its
        // process, as for a plain thread.
        if (caller is Job && caller.isCompleted && identity is Job && ScopedCode.observed.isScoped(caller)) {
            return process === (ProcessContext.currentOrNull() ?: Process.outside)
        }
        return sameCaller(identity, ownerOf(caller))
    }

    /**
     * Fails loudly where the owner cannot be known: when [ScopedCode] cannot tell scoped code from a launched
     * coroutine, a coroutine below the holder that waits without limit may be the holder itself, inside
     * `coroutineScope { }` (and would wait for itself forever), or a coroutine it launched (and would get the
     * lock later); guessing either way is wrong for the other.
     */
    @OptIn(ExperimentalCoroutinesApi::class)
    fun checkOwnerKnown(heldBy: Holder?, scopes: ScopedCode = ScopedCode.observed) {
        if (scopes.distinguishable || heldBy == null || identity !is Job || heldBy.identity !is Job) return
        var ancestor = identity.parent
        while (ancestor != null) {
            check(ancestor !== heldBy.identity) {
                "cannot tell whether this coroutine is the lock's holder, running inside coroutineScope { }, " +
                    "withContext { } or withTimeout { } (waiting would never end), or a coroutine the holder " +
                    "launched: this version of kotlinx.coroutines runs both alike. Acquire with a timeout, or " +
                    "before entering the scope"
            }
            ancestor = ancestor.parent
        }
    }

    override fun toString(): String = process.name
}

/** The calling coroutine (or blocked thread) as a lock holder. */
internal suspend fun currentHolder(): Holder = Holder(ownerIdentity(), ProcessContext.current())

/**
 * [callerIdentity], looking through scoped code to the coroutine that waits for it (see [ScopedCode]), so that
 * `rlock.withLock { withTimeout(1.seconds) { rlock.withLock { } } }` re-enters instead of waiting for itself.
 * A coroutine started with `launch` or `async` runs beside its parent, and is a caller of its own.
 */
internal suspend fun ownerIdentity(): Any = ownerOf(callerIdentity())

/** [ownerIdentity] of a plain function's caller. */
internal fun plainOwnerIdentity(): Any = ownerOf(plainCallerIdentity())

private fun ownerOf(caller: Any): Any = if (caller is Job) ScopedCode.observed.ownerOf(caller) else caller
