@file:JvmName("Threading")
@file:JvmMultifileClass

package dev.coprocessing.thread

import dev.coprocessing.SystemExit
import dev.coprocessing.internal.Unraisable

/**
 * What [excepthook] receives when a thread's [Thread.run] throws, as CPython's `threading.ExceptHookArgs`.
 * Made by the library only; a hook reads it.
 *
 * ```kotlin
 * excepthook = { args -> log.error("thread ${args.thread?.name} failed", args.excValue) }
 * ```
 */
public class ExceptHookArgs internal constructor(
    /** The class of [excValue]; CPython's `exc_type`. */
    public val excType: Class<out Throwable>,
    /** What `run()` threw; its stack trace is CPython's `exc_traceback`. */
    public val excValue: Throwable,
    /** The thread that failed. */
    public val thread: Thread?,
) {
    /** The fields, for logs and tests. */
    override fun toString(): String = "ExceptHookArgs(excType=${excType.name}, excValue=$excValue, thread=$thread)"
}

/**
 * The hook installed at start, CPython's `threading.__excepthook__`: prints `Exception in thread <name>:` and
 * the stack trace, through the library's one route for what it cannot raise (`unraisablehook`, which prints on
 * `System.err` by default), and ignores [SystemExit] silently, as CPython does.
 *
 * ```kotlin
 * excepthook = defaultExcepthook   // put the default back
 * ```
 */
public val defaultExcepthook: (ExceptHookArgs) -> Unit = { args ->
    if (args.excValue !is SystemExit) {
        Unraisable.report("Exception in thread ${args.thread?.name ?: java.lang.Thread.currentThread().name}:", args.excValue)
    }
}

/**
 * Handles what a thread's [Thread.run] throws, as CPython's `threading.excepthook`; it runs on the failing
 * thread, which then ends. [defaultExcepthook] prints it. Set it to log elsewhere or to collect failures in a
 * test, and put [defaultExcepthook] back afterwards. A hook that throws is reported as `Exception in
 * threading.excepthook:`, as in CPython. Reads and writes are safe from any thread.
 *
 * ```kotlin
 * val failures = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
 * excepthook = { args -> failures += args.excValue }
 * try { runThreads() } finally { excepthook = defaultExcepthook }
 * ```
 * ```java
 * Threading.setExcepthook(args -> { failures.add(args.getExcValue()); return Unit.INSTANCE; });
 * ```
 */
@Volatile
public var excepthook: (ExceptHookArgs) -> Unit = defaultExcepthook
