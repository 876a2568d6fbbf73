package dev.coprocessing.sync

import dev.coprocessing.internal.callerIdentity
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
    fun isSameCaller(other: Holder): Boolean = identity === other.identity

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
        return identity === ownerOf(caller)
    }

    override fun toString(): String = process.name
}

/** The calling coroutine (or blocked thread) as a lock holder. */
internal suspend fun currentHolder(): Holder = Holder(ownerIdentity(), ProcessContext.current())

/**
 * kotlinx.coroutines runs the body of `coroutineScope`, `withContext` and `withTimeout` in a coroutine of its
 * own while the caller waits for it: for ownership the body is still the caller. Found by name so that a
 * renamed class only makes ownership stricter, never wrong.
 */
private val scopeCoroutineClass: Class<*>? =
    runCatching { Class.forName("kotlinx.coroutines.internal.ScopeCoroutine") }.getOrNull()

/**
 * [callerIdentity], looking through scoped coroutines to the coroutine that waits for them, so that
 * `rlock.withLock { withTimeout(1.seconds) { rlock.withLock { } } }` re-enters instead of waiting for itself.
 * A coroutine started with `launch` or `async` runs beside its parent, and is a caller of its own.
 */
internal suspend fun ownerIdentity(): Any = ownerOf(callerIdentity())

@OptIn(ExperimentalCoroutinesApi::class)
private fun ownerOf(caller: Any): Any {
    var identity = caller
    while (identity is Job && scopeCoroutineClass?.isInstance(identity) == true) identity = identity.parent ?: break
    return identity
}
