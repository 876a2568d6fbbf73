package dev.coprocessing.internal

/**
 * Something a process makes that must not outlive it: an executor or a pool still open when the body of the
 * process that made it ends is ended then, before the process's children are reaped, as CPython's exit
 * handlers end them.
 */
internal interface OwnedResource {
    /**
     * Ends the resource and suspends until it has. [failed]: the process's body threw or the process was
     * terminated, so work still queued is not waited for.
     */
    suspend fun endWithOwner(failed: Boolean)
}
