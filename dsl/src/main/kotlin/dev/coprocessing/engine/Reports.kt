package dev.coprocessing.engine

import dev.coprocessing.SystemExit

/** Reports what the engine cannot raise to anyone: [errMsg], then [error]'s stack trace, in one block. */
internal fun reportUnraisable(errMsg: String, error: Throwable?) {
    synchronized(System.err) {
        System.err.println(errMsg)
        error?.printStackTrace()
    }
}

/**
 * Runs user callback code; returns what it threw instead of throwing, so that the engine goes on. Never
 * swallows what must end the program or the worker: a `VirtualMachineError` or a [SystemExit] is rethrown.
 */
internal inline fun guardCallback(block: () -> Unit): Throwable? =
    try {
        block()
        null
    } catch (e: Throwable) {
        if (isFatal(e)) throw e
        e
    }

/** What no guard may swallow: the JVM failing (`OutOfMemoryError`, `StackOverflowError`...) or `exit()`. */
internal fun isFatal(e: Throwable): Boolean = e is VirtualMachineError || e is SystemExit

/** Reports an exception thrown by user code the engine calls back (a progress listener), which must not stop it. */
internal fun reportCallbackFailure(what: String, error: Throwable) {
    reportUnraisable("Exception in $what (ignored; the work goes on):", error)
}
