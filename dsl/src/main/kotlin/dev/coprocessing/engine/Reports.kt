package dev.coprocessing.engine

import dev.coprocessing.internal.Unraisable

/** Reports an exception thrown by user code the engine calls back (a progress listener), which must not stop it. */
internal fun reportCallbackFailure(what: String, error: Throwable) {
    Unraisable.report("Exception in $what (ignored; the work goes on)", error)
}
