package dev.coprocessing

/**
 * A wait ran out of time: [dev.coprocessing.futures.Future.result], `AsyncResult.get`, `asCompleted` and
 * an executor's `map` throw it, as CPython's `TimeoutError`.
 *
 * Unlike kotlinx's `TimeoutCancellationException` it is not a `CancellationException`, so a coroutine that
 * lets it escape fails visibly instead of being cancelled quietly.
 *
 * ```kotlin
 * try { future.result(timeout = 1.seconds) } catch (e: TimeoutError) { println("still running") }
 * ```
 */
public open class TimeoutError(message: String? = null, cause: Throwable? = null) : RuntimeException(message, cause)

/**
 * The result of a cancelled task was asked for, as CPython's `concurrent.futures.CancelledError`.
 *
 * Not a `kotlin.coroutines.cancellation.CancellationException`: it reports a task's outcome, and a
 * coroutine must not mistake it for its own cancellation.
 *
 * ```kotlin
 * future.cancel()
 * try { future.result() } catch (e: CancelledError) { println("cancelled") }
 * ```
 */
public open class CancelledError(message: String? = null, cause: Throwable? = null) : RuntimeException(message, cause)

/**
 * An operation is not allowed in an object's current state, as CPython's `InvalidStateError`
 * (setting the result of a future that is already done, for example).
 *
 * ```kotlin
 * try { action() } catch (e: InvalidStateError) { println(e.message) }
 * ```
 */
public open class InvalidStateError(message: String? = null, cause: Throwable? = null) : IllegalStateException(message, cause)

/**
 * An executor can no longer run tasks: a worker's initializer failed, or its workers were stopped.
 * Pending and later submissions fail with it.
 *
 * ```kotlin
 * try { executor.submit { work() } } catch (e: BrokenExecutor) { println("rebuild the executor: ${e.message}") }
 * ```
 */
public open class BrokenExecutor(message: String? = null, cause: Throwable? = null) : RuntimeException(message, cause)

/**
 * A [BrokenExecutor] raised by a process pool executor, as CPython's `BrokenProcessPool`.
 *
 * ```kotlin
 * catch (e: BrokenProcessPool) { println(e.message) }
 * ```
 */
public open class BrokenProcessPool(message: String? = null, cause: Throwable? = null) : BrokenExecutor(message, cause)

/**
 * A [BrokenExecutor] raised by a thread pool executor, as CPython's `BrokenThreadPool`.
 *
 * ```kotlin
 * catch (e: BrokenThreadPool) { println(e.message) }
 * ```
 */
public open class BrokenThreadPool(message: String? = null, cause: Throwable? = null) : BrokenExecutor(message, cause)

/**
 * Thrown by [exit] to end the current process with an exit code, as Python's `SystemExit`.
 *
 * It extends [Error], as `SystemExit` extends `BaseException`, so that a `catch (e: Exception)` in user
 * code does not swallow it. Inside a process it ends the process with `exitCode == code` and prints
 * nothing; thrown from the body of `multiprocessing { }`, the children are cleaned up as at a normal end
 * and then it propagates to the caller.
 *
 * ```kotlin
 * Process { if (done) exit(3) }   // the process ends with exitCode 3
 * ```
 */
public class SystemExit(public val code: Int) : Error("exit($code)")

/**
 * A key is missing, as Python's `KeyError`: a manager's `dict` throws it from `getValue(key)`, `pop(key)`,
 * `popitem()` on an empty dict and `update(key) { }` for a key it does not hold, and a `Namespace` for an
 * attribute it does not have. [key] is the key that was asked for, and the message names it.
 *
 * It is a `NoSuchElementException`, what Kotlin's `Map.getValue` throws for a missing key, so code that
 * catches either works.
 *
 * ```kotlin
 * try { counts.pop("gone") } catch (e: KeyError) { println("no ${e.key}") }
 * ```
 */
public open class KeyError(public val key: Any?, message: String) : NoSuchElementException(message)

/**
 * A pool's worker died while it held a task (its worker JVM exited: `System.exit`, `OutOfMemoryError`, a
 * `kill -9` from outside), as billiard's `WorkerLostError`: only the tasks that worker held fail with it, and
 * the pool replaces the worker and keeps serving. [exitCode] is how the worker ended (`-9`: killed by SIGKILL).
 *
 * ```kotlin
 * try { pool.apply { crash() } } catch (e: WorkerLostError) { println("worker lost: exit code ${e.exitCode}") }
 * ```
 */
public open class WorkerLostError(message: String, public val exitCode: Int) : RuntimeException(message)

/**
 * The deadlock watchdog of `multiprocessing(deadlockCheck = ..., failOnDeadlock = true) { }` found a wait-for
 * [cycle] among the block's processes: each holds what the next one waits for, so none can go on. The block
 * fails with it once every process in it has been terminated and joined, as when the block throws.
 *
 * ```kotlin
 * try {
 *     multiprocessing(deadlockCheck = 5.seconds, failOnDeadlock = true) { dine() }
 * } catch (e: DeadlockError) {
 *     println("deadlock: ${e.cycle}")
 * }
 * ```
 */
public class DeadlockError internal constructor(
    /** The cycle that was found. */
    public val cycle: DeadlockCycle,
) : RuntimeException(
    "deadlock: $cycle. Take the locks in one order everywhere, use one RLock for both, or acquire with a timeout",
)
