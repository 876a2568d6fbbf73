@file:JvmName("Coprocessing")
@file:JvmMultifileClass

package dev.coprocessing

import java.io.PrintWriter
import java.io.StringWriter

/**
 * What the library reports through [unraisablehook] when it has something it cannot raise to anyone: the
 * exception of a task nobody retrieved, a callback that threw, a process or worker whose target or initializer
 * failed, a warning. The counterpart of the argument CPython passes to `sys.unraisablehook`.
 *
 * Made by the library only; a hook reads it.
 *
 * ```kotlin
 * unraisablehook = UnraisableHook { args -> log.warn(args.errMsg, args.excValue) }
 * ```
 */
public class UnraisableHookArgs internal constructor(
    /** What happened, as one line a user recognises: `Process Process-1:`, `exception calling callback for <Future ...>`. */
    public val errMsg: String,
    /** The exception that could not be raised, or `null` for a report that has none (a warning). */
    public val excValue: Throwable?,
    /** The object the report is about (CPython's `object`, a keyword here), or `null`. */
    public val obj: Any?,
) {
    /** The class of [excValue], or `null` when there is none; CPython's `exc_type`. */
    public val excType: Class<out Throwable>? = excValue?.javaClass

    /** The fields, for logs and tests. */
    override fun toString(): String = "UnraisableHookArgs(errMsg=$errMsg, excType=${excType?.name}, obj=${describe(obj)})"
}

/**
 * Receives every report the library cannot raise, as CPython's `sys.unraisablehook`; install one with
 * [unraisablehook]. A hook may be called from any thread, several at once. What it throws is not lost: the
 * report is printed by [DEFAULT] instead, followed by the hook's own failure.
 *
 * ```kotlin
 * unraisablehook = UnraisableHook { args -> logger.error(args.errMsg, args.excValue) }
 * ```
 *
 * ```java
 * Coprocessing.setUnraisablehook(args -> logger.error(args.getErrMsg(), args.getExcValue()));
 * ```
 */
public fun interface UnraisableHook {
    /** Handles one report. */
    public fun hook(args: UnraisableHookArgs)

    public companion object {
        /**
         * The hook installed at start, CPython's `sys.__unraisablehook__`: prints [UnraisableHookArgs.errMsg]
         * (followed by `: ` and the object when there is one), then the stack trace, to `System.err` as one
         * write under one lock, so that two reports never interleave.
         *
         * ```kotlin
         * unraisablehook = UnraisableHook.DEFAULT   // put the default back
         * ```
         */
        @JvmField
        public val DEFAULT: UnraisableHook = DefaultUnraisableHook
    }
}

/**
 * Where the library sends what it cannot raise (see [UnraisableHookArgs]); [UnraisableHook.DEFAULT] prints it
 * on stderr. Set it to log elsewhere, to fail a test on any report, or to silence them. Reads and writes are
 * safe from any thread; a report uses the hook set when it is made.
 *
 * ```kotlin
 * val reports = java.util.concurrent.ConcurrentLinkedQueue<UnraisableHookArgs>()
 * unraisablehook = UnraisableHook { reports += it }
 * try { runTasks() } finally { unraisablehook = UnraisableHook.DEFAULT }
 * ```
 *
 * ```java
 * UnraisableHook previous = Coprocessing.getUnraisablehook();
 * Coprocessing.setUnraisablehook(args -> System.out.println("ignored: " + args.getErrMsg()));
 * ```
 */
@Volatile
public var unraisablehook: UnraisableHook = UnraisableHook.DEFAULT

private object DefaultUnraisableHook : UnraisableHook {
    private val lock = Any()

    override fun hook(args: UnraisableHookArgs) {
        val text = StringWriter()
        PrintWriter(text).use { out ->
            out.println(if (args.obj == null) args.errMsg else "${args.errMsg}: ${describe(args.obj)}")
            args.excValue?.printStackTrace(out)
        }
        // Built first and written once: a PrintStream write is atomic, and the lock keeps reports in order.
        val err = System.err
        synchronized(lock) {
            err.print(text)
            err.flush()
        }
    }

    override fun toString(): String = "UnraisableHook.DEFAULT"
}

/** [obj]'s `toString()`, or a line saying it threw: a report must survive a broken `toString()`. */
private fun describe(obj: Any?): String =
    try {
        obj.toString()
    } catch (e: Exception) {
        "<${obj!!.javaClass.name}: toString() threw $e>"
    }
