@file:JvmName("Coprocessing")
@file:JvmMultifileClass

package dev.coprocessing

import dev.coprocessing.diagnosis.Watchdog
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.blocking
import java.util.concurrent.Callable
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration
import kotlin.coroutines.ContinuationInterceptor
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible

/**
 * Opens the main process and runs [block] in it; the counterpart of Python's `if __name__ == '__main__':`.
 *
 * Processes started in [block] are its children. When [block] returns, daemon children are terminated and
 * the other children joined, as CPython's exit handler does; only then does this call return [block]'s
 * value. If [block] throws (or the caller is cancelled), every child is terminated and joined, and the
 * exception is rethrown. Executors and pools made in [block] and left open are ended first (an executor
 * shuts down and waits for its tasks, a pool is terminated). Nothing started in [block] outlives the call.
 *
 * Processes run on the caller's dispatcher: `runTest`'s runs every sleep on virtual time, a single-threaded
 * one keeps every process on that thread. A caller with no dispatcher (a bare `suspend fun main`) or on
 * `Dispatchers.Unconfined` gets `Dispatchers.Default`, as [runMultiprocessing] does. Calling it inside a
 * process throws `IllegalStateException`: a process already joins its own children.
 *
 * ```kotlin
 * suspend fun main() = multiprocessing {
 *     val p = Process { println("child") }
 *     p.start()
 * }   // joined here
 * ```
 */
@JvmSynthetic
public suspend fun <T> multiprocessing(block: suspend CoroutineScope.() -> T): T {
    checkNotInProcess()
    val dispatcher = currentCoroutineContext()[ContinuationInterceptor]
    // Without a dispatcher (a bare `suspend fun main`) or on Unconfined, the block would resume on whichever
    // thread woke it, a worker's included: processes need a dispatcher of their own to run on.
    if (dispatcher == null || dispatcher === Dispatchers.Unconfined) {
        return withContext(Dispatchers.Default) { Process.newMain().runAsMain(block) }
    }
    return Process.newMain().runAsMain(block)
}

/**
 * [multiprocessing], watched for deadlocks: every [deadlockCheck] (`null`: never, as plain [multiprocessing]),
 * while the block and then its children run, a watchdog looks for wait-for cycles among the block's processes
 * (locks held and wanted, joins: see `detectDeadlocks()`) and reports each new one once through
 * [unraisablehook], with the process dump (`dumpProcesses()`). With [failOnDeadlock] the block then fails with
 * [DeadlockError], once its processes are terminated and joined. Waits are recorded while the watchdog runs;
 * a block without one pays nothing for diagnosis. A [deadlockCheck] that is not positive, or [failOnDeadlock]
 * without one, throws `IllegalArgumentException`.
 *
 * The watchdog runs on the block's dispatcher and coroutine time: under `runTest` it checks on virtual time.
 *
 * ```kotlin
 * multiprocessing(deadlockCheck = 5.seconds, failOnDeadlock = true) {
 *     Process { noodles.withLock { fork.withLock { eat() } } }.start()
 *     Process { fork.withLock { noodles.withLock { eat() } } }.start()
 * }   // may throw DeadlockError: Process-1 holds <Lock(owner=Process-1)> ... and waits for ...
 * ```
 */
@JvmSynthetic
public suspend fun <T> multiprocessing(
    deadlockCheck: Duration?,
    failOnDeadlock: Boolean = false,
    block: suspend CoroutineScope.() -> T,
): T = Watchdog.around(deadlockCheck, failOnDeadlock) { watch -> multiprocessing { watch(currentProcess()); block() } }

/**
 * Blocks the calling thread while [block] runs as the main process on `Dispatchers.Default`; for a
 * program's `main`. See [multiprocessing] for what happens when the block ends.
 *
 * ```kotlin
 * fun main() = runMultiprocessing {
 *     List(10) { i -> Process { println("start $i") }.also { it.start() } }.forEach { it.join() }
 * }
 * ```
 */
@JvmSynthetic
public fun <T> runMultiprocessing(block: suspend CoroutineScope.() -> T): T {
    checkNotInProcess()
    return runBlocking(Dispatchers.Default) { multiprocessing(block) }
}

/**
 * [runMultiprocessing], watched for deadlocks every [deadlockCheck], as [multiprocessing] with a
 * `deadlockCheck` is.
 *
 * ```kotlin
 * fun main() = runMultiprocessing(deadlockCheck = 5.seconds) { dine() }
 * ```
 */
@JvmSynthetic
public fun <T> runMultiprocessing(
    deadlockCheck: Duration?,
    failOnDeadlock: Boolean = false,
    block: suspend CoroutineScope.() -> T,
): T {
    checkNotInProcess()
    return runBlocking(Dispatchers.Default) { multiprocessing(deadlockCheck, failOnDeadlock, block) }
}

/**
 * The Java form of [runMultiprocessing]: runs [body] as the main process (on a thread where it may block)
 * and returns once its children have been cleaned up. What [body] throws, checked exceptions included, is
 * rethrown after that clean-up.
 *
 * ```java
 * public static void main(String[] args) throws Exception {
 *     Coprocessing.runMultiprocessing(() -> {
 *         Process p = new Process(() -> System.out.println("child"));
 *         p.start();
 *         p.join();
 *     });
 * }
 * ```
 */
@Throws(Exception::class)
public fun runMultiprocessing(body: ThrowingRunnable) {
    runMultiprocessing(block = { runInterruptible(Dispatchers.IO) { body.run() } })
}

/**
 * The Java form of [runMultiprocessing] for a body that returns a value.
 *
 * ```java
 * int n = Coprocessing.runMultiprocessing(() -> 42);
 * ```
 */
@Throws(Exception::class)
public fun <T> runMultiprocessing(body: Callable<T>): T =
    runMultiprocessing(block = { runInterruptible(Dispatchers.IO) { body.call() } })

/**
 * The Java form of [runMultiprocessing] watched for deadlocks: every [deadlockCheck] the block's processes are
 * checked for wait-for cycles, each new one reported once (with the process dump) and, with
 * [failOnDeadlock], the call fails with [DeadlockError] once its processes are terminated and joined.
 *
 * ```java
 * Coprocessing.runMultiprocessing(Duration.ofSeconds(5), true, () -> dine());
 * ```
 */
@Throws(Exception::class)
public fun runMultiprocessing(deadlockCheck: java.time.Duration, failOnDeadlock: Boolean, body: ThrowingRunnable) {
    runMultiprocessing(deadlockCheck.toKotlinDuration(), failOnDeadlock) { runInterruptible(Dispatchers.IO) { body.run() } }
}

/**
 * The Java form of [runMultiprocessing] watched for deadlocks, for a body that returns a value.
 *
 * ```java
 * int n = Coprocessing.runMultiprocessing(Duration.ofSeconds(5), false, () -> 42);
 * ```
 */
@Throws(Exception::class)
public fun <T> runMultiprocessing(deadlockCheck: java.time.Duration, failOnDeadlock: Boolean, body: Callable<T>): T =
    runMultiprocessing(deadlockCheck.toKotlinDuration(), failOnDeadlock) { runInterruptible(Dispatchers.IO) { body.call() } }

private fun checkNotInProcess() {
    ProcessContext.currentOrNull()?.let {
        throw IllegalStateException(
            "multiprocessing { } cannot be opened inside a process (here: ${it.name}): " +
                "start child processes directly; every process joins its own children when it ends",
        )
    }
}

/**
 * The process the calling code runs in: the [Process] whose target (or `multiprocessing { }` body) is
 * running. Outside every `multiprocessing { }` block it is a `MainProcess` that cannot start children.
 * Never suspends.
 *
 * ```kotlin
 * Process { println("I am ${currentProcess().name}, pid ${currentProcess().pid}") }
 * ```
 */
public fun currentProcess(): Process = ProcessContext.currentOrNull() ?: Process.outside

/**
 * The process that created the current one, or `null` in the main process, as CPython's `parent_process()`.
 *
 * ```kotlin
 * Process { println("my parent is ${parentProcess()?.name}") }
 * ```
 */
public fun parentProcess(): Process? = currentProcess().parent

/**
 * The children of the current process that are still alive; those that have ended are forgotten, as
 * CPython's `active_children()` does.
 *
 * ```kotlin
 * activeChildren().forEach { it.terminate() }
 * ```
 */
public fun activeChildren(): List<Process> = currentProcess().activeChildren()

/**
 * Suspends for [seconds], as Python's `time.sleep`; on coroutine time, so `runTest` skips it.
 * Cancellation ends the sleep at once. A negative or NaN length throws `IllegalArgumentException`.
 *
 * ```kotlin
 * sleep(0.5)
 * ```
 */
@JvmSynthetic
public suspend fun sleep(seconds: Double) {
    require(!seconds.isNaN() && seconds >= 0.0) { "sleep length must be non-negative, got $seconds" }
    delay(seconds.seconds)
}

/**
 * Suspends for [duration], on coroutine time. A negative duration throws `IllegalArgumentException`.
 *
 * ```kotlin
 * sleep(500.milliseconds)
 * ```
 */
@JvmSynthetic
public suspend fun sleep(duration: Duration) {
    require(!duration.isNegative()) { "sleep length must be non-negative, got $duration" }
    delay(duration)
}

/**
 * Blocks the calling thread for [seconds] (Java: `Coprocessing.sleep(0.5)`); an interrupt ends it with
 * `InterruptedException`.
 *
 * ```java
 * Coprocessing.sleep(0.5);
 * ```
 */
@JvmName("sleep")
@Throws(InterruptedException::class)
public fun sleepBlocking(seconds: Double): Unit = blocking { sleep(seconds) }

/**
 * Blocks the calling thread for [duration] (Java: `Coprocessing.sleep(Duration.ofMillis(500))`).
 *
 * ```java
 * Coprocessing.sleep(Duration.ofMillis(500));
 * ```
 */
@JvmName("sleep")
@Throws(InterruptedException::class)
public fun sleepBlocking(duration: java.time.Duration): Unit = blocking { sleep(duration.toKotlinDurationChecked()) }

private fun java.time.Duration.toKotlinDurationChecked(): Duration {
    require(!isNegative) { "sleep length must be non-negative, got $this" }
    return toKotlinDuration()
}

/**
 * Ends the current process with exit code [code], as Python's `sys.exit(code)`: the process's
 * `exitCode` becomes [code] and nothing is printed. It throws [SystemExit], which `catch (e: Exception)`
 * does not catch.
 *
 * ```kotlin
 * Process { if (nothingToDo) exit(3) }
 * ```
 */
@JvmOverloads
public fun exit(code: Int = 0): Nothing = throw SystemExit(code)
