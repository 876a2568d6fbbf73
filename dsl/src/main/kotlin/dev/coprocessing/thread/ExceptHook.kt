@file:JvmName("Threading")
@file:JvmMultifileClass

package dev.coprocessing.thread

import dev.coprocessing.SystemExit
import dev.coprocessing.internal.Unraisable
import java.util.function.Consumer

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
 * Java reads it as a `Consumer`: `Threading.getDefaultExcepthook()` ([defaultExcepthookConsumer]).
 */
@get:JvmSynthetic
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
 * Java sets and reads it as a `java.util.function.Consumer`: `Threading.setExcepthook(args -> ...)` ([setExcepthook])
 * and `Threading.getExcepthook()` ([excepthookConsumer]).
 */
@Volatile
@get:JvmSynthetic
@set:JvmSynthetic
public var excepthook: (ExceptHookArgs) -> Unit = defaultExcepthook

/**
 * Sets [excepthook] to [hook], for Java, where a hook is a `Consumer` (Java: `Threading.setExcepthook(args -> ...)`).
 * A hook read back with `getExcepthook()` or `getDefaultExcepthook()` sets the very hook it was read from.
 *
 * ```java
 * Threading.setExcepthook(args -> failures.add(args.getExcValue()));
 * try { runThreads(); } finally { Threading.setExcepthook(Threading.getDefaultExcepthook()); }
 * ```
 */
public fun setExcepthook(hook: Consumer<in ExceptHookArgs>) {
    excepthook = if (hook is HookConsumer) hook.hook else ConsumerHook(hook)
}

/**
 * [excepthook] as a `Consumer`, for Java (Java: `Threading.getExcepthook()`).
 *
 * ```java
 * Consumer<ExceptHookArgs> previous = Threading.getExcepthook();
 * ```
 */
@JvmName("getExcepthook")
public fun excepthookConsumer(): Consumer<ExceptHookArgs> = HookConsumer(excepthook)

/**
 * [defaultExcepthook] as a `Consumer`, for Java (Java: `Threading.getDefaultExcepthook()`, CPython's
 * `threading.__excepthook__`): setting it puts the default back.
 *
 * ```java
 * Threading.setExcepthook(Threading.getDefaultExcepthook());
 * ```
 */
@JvmName("getDefaultExcepthook")
public fun defaultExcepthookConsumer(): Consumer<ExceptHookArgs> = HookConsumer(defaultExcepthook)

/** A Java hook seen from Kotlin: it reads as the Java object in reports. */
private class ConsumerHook(private val consumer: Consumer<in ExceptHookArgs>) : (ExceptHookArgs) -> Unit {
    override fun invoke(args: ExceptHookArgs) = consumer.accept(args)

    override fun toString(): String = consumer.toString()
}

/** A Kotlin hook seen from Java; [setExcepthook] unwraps it, so a hook read and set again is the same hook. */
private class HookConsumer(val hook: (ExceptHookArgs) -> Unit) : Consumer<ExceptHookArgs> {
    override fun accept(args: ExceptHookArgs) = hook(args)

    override fun toString(): String = hook.toString()
}
