package dev.coprocessing.sync

import dev.coprocessing.internal.checkTimeout
import kotlin.time.Duration
import kotlinx.coroutines.withTimeoutOrNull

/** CPython's rule for `acquire(blocking, timeout)`: a timeout only means something when the call may wait. */
internal fun checkAcquireArguments(block: Boolean, timeout: Duration?) {
    require(block || timeout == null) {
        "can't specify timeout for non-blocking acquire: pass block = true with a timeout, or block = false alone"
    }
    checkTimeout(timeout)
}

/**
 * Runs [acquire] (which waits, and takes nothing when it is cancelled) with an optional time limit, and says
 * whether it took the lock or permit. A time limit may run out, or the caller be cancelled, just as [acquire]
 * succeeds; then [undo] gives back what was taken, so a failed or cancelled acquire never ends up holding it.
 */
internal suspend inline fun acquireWithin(
    timeout: Duration?,
    crossinline acquire: suspend () -> Unit,
    crossinline undo: () -> Unit,
): Boolean {
    if (timeout == null) {
        acquire()
        return true
    }
    var acquired = false
    try {
        withTimeoutOrNull(timeout) {
            acquire()
            acquired = true
        }
    } catch (e: Throwable) {
        if (acquired) undo()
        throw e
    }
    return acquired
}
