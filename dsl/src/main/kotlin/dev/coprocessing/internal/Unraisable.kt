package dev.coprocessing.internal

import dev.coprocessing.SystemExit
import dev.coprocessing.UnraisableHook
import dev.coprocessing.UnraisableHookArgs
import dev.coprocessing.unraisablehook

/**
 * The one route for what the library cannot raise: every "printed on stderr" in the library goes through
 * [report], and so through the user's `unraisablehook`.
 */
internal object Unraisable {
    /**
     * Reports [errMsg] (one line the user recognises, as `Process Process-1:`), the [error] if there is one, and
     * the [obj] it concerns. A hook that throws does not lose the report: it is printed by the
     * default hook, followed by the hook's own failure. Never throws, except a [VirtualMachineError].
     */
    fun report(errMsg: String, error: Throwable?, obj: Any? = null) {
        val args = UnraisableHookArgs(errMsg, error, obj)
        val hook = unraisablehook
        try {
            hook.hook(args)
        } catch (e: VirtualMachineError) {
            throw e
        } catch (e: Throwable) {
            // Whatever the hook threw, SystemExit included, is the hook's failure: the report still gets out.
            if (e is InterruptedException) Thread.currentThread().interrupt()
            if (hook === UnraisableHook.DEFAULT) return
            UnraisableHook.DEFAULT.hook(args)
            UnraisableHook.DEFAULT.hook(UnraisableHookArgs("Exception ignored in unraisablehook", e, hook))
        }
    }
}

/**
 * Runs a user callback (a done-callback, a progress listener, an error callback) and returns what it threw, or
 * `null`, so that the caller reports it and goes on. It never swallows a [VirtualMachineError] (the JVM is in
 * trouble) or [SystemExit] (the callback asked to end its process): those are rethrown. A returned
 * An [InterruptedException] is handed back like any other: where the library runs callbacks, an interrupt is
 * how a worker is stopped, and the stop also cancels the worker.
 */
internal inline fun guardCallback(block: () -> Unit): Throwable? {
    try {
        block()
    } catch (e: Throwable) {
        if (isFatal(e)) throw e
        return e
    }
    return null
}

/** What no guard may swallow: the JVM failing (`OutOfMemoryError`, `StackOverflowError`...) or `exit()`. */
internal fun isFatal(e: Throwable): Boolean = e is VirtualMachineError || e is SystemExit
