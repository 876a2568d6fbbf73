package dev.coprocessing.pool

import dev.coprocessing.TimeoutError
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.process.blocking
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.internal.withOptionalTimeout
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.Job

/**
 * The result of [Pool.applyAsync], [Pool.mapAsync] or [Pool.starmapAsync], as CPython's `AsyncResult`: a value
 * that arrives later, or the exception the task threw. Only a pool makes them.
 *
 * A result becomes ready in the pool's result handler, after its `callback` (or `errorCallback`) has run, so
 * when [get] returns, the callback has already been called, as in CPython. A failed result's exception is
 * reported once on stderr if no one retrieves it (with [get], or through an `errorCallback`) before the result
 * is dropped or the pool shuts down. After `Pool.terminate()`, a result that was not ready fails with
 * [dev.coprocessing.CancelledError].
 *
 * ```kotlin
 * val r: AsyncResult<Int> = pool.applyAsync { 6 * 7 }
 * r.wait(timeout = 1.seconds)
 * if (r.ready() && r.successful()) println(r.get())
 * ```
 */
public class AsyncResult<out T> internal constructor(
    /** Reports this result's failure if no one retrieves it; `null` when the caller gets it at once (`apply`, `map`). */
    private val watch: Unretrieved?,
) {
    private val outcome = AtomicReference<Any?>(PENDING)
    private val done: CompletableJob = Job()

    /**
     * Suspends until the result is ready and returns it, or rethrows the exception the task threw (the same
     * instance). Throws [TimeoutError] if [timeout] passes first (`null`: no limit); the task goes on, and a
     * later `get` can still return its value. Cancelling the caller stops the wait only.
     *
     * ```kotlin
     * val value = result.get(timeout = 5.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun get(timeout: Duration? = null): T {
        wait(timeout)
        val current = outcome.get()
        if (current === PENDING) throw TimeoutError("the result was not ready after $timeout: ${this}")
        if (current is Failed) {
            current.watched?.retrieved()
            throw current.error
        }
        @Suppress("UNCHECKED_CAST")
        return current as T
    }

    /**
     * Blocks until the result is ready and returns it (Java: `get()`); the blocking twin of [get].
     *
     * ```java
     * int value = result.get();
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(): T = blocking { get() }

    /**
     * Blocks until the result is ready or [timeout] passes (then [TimeoutError]); Java: `get(Duration)`.
     *
     * ```java
     * int value = result.get(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeout: java.time.Duration): T = blocking { get(timeout.toTimeout()) }

    /**
     * Blocks until the result is ready or [timeoutSeconds] pass, as Python's `get(timeout=1.5)`
     * (Java: `get(double)`).
     *
     * ```java
     * int value = result.get(1.5);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeoutSeconds: Double): T = blocking { get(secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks until the result is ready or [timeout] passes; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * val value = result.getBlocking(5.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun getBlocking(timeout: Duration?): T = blocking { get(timeout) }

    /**
     * Suspends until the result is ready or [timeout] passes (`null`: no limit), and returns either way, as
     * CPython's `wait`; check [ready] to tell which. Never throws the task's exception. Cancelling the caller
     * stops the wait only. Java: `await(...)`, because `wait` is a final method of `java.lang.Object`.
     *
     * ```kotlin
     * result.wait(timeout = 1.seconds)
     * println(result.ready())
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null) {
        checkTimeout(timeout)
        if (outcome.get() !== PENDING) return
        waitingOn(WaitKind.RESULT, this, timeout) { withOptionalTimeout(timeout) { done.join() } }
    }

    /**
     * Blocks until the result is ready (Java: `await()`); the blocking twin of [wait].
     *
     * ```java
     * result.await();
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Unit = blocking { wait() }

    /**
     * Blocks until the result is ready or [timeout] passes (Java: `await(Duration)`).
     *
     * ```java
     * result.await(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Unit = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until the result is ready or [timeoutSeconds] pass (Java: `await(double)`).
     *
     * ```java
     * result.await(0.5);
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeoutSeconds: Double): Unit = blocking { wait(secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks until the result is ready or [timeout] passes; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * result.waitBlocking(1.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: Duration?): Unit = blocking { wait(timeout) }

    /**
     * Whether the result is ready: the task has returned or thrown (and its callback has run), or the pool was
     * terminated. Never waits.
     *
     * ```kotlin
     * while (!result.ready()) sleep(0.1)
     * ```
     */
    public fun ready(): Boolean = outcome.get() !== PENDING

    /**
     * Whether the task returned without throwing. Throws `IllegalStateException` while the result is not
     * ready, as CPython does. Does not count as retrieving an exception.
     *
     * ```kotlin
     * result.wait()
     * if (!result.successful()) println("failed")
     * ```
     */
    public fun successful(): Boolean {
        val current = outcome.get()
        check(current !== PENDING) { "${this} not ready: wait() for it, or check ready(), before asking successful()" }
        return current !is Failed
    }

    /** `<AsyncResult at 0x1b6d3586 pending>`, `... ready successful>`, `... ready failed IllegalStateException>`. */
    override fun toString(): String = when (val current = outcome.get()) {
        PENDING -> describe("pending")
        is Failed -> describeFailed(current.error)
        else -> describe("ready successful")
    }

    private fun describeFailed(error: Throwable) = describe("ready failed ${error.javaClass.simpleName}")

    private fun describe(state: String) = "<AsyncResult at 0x${Integer.toHexString(System.identityHashCode(this))} $state>"


    // ---- internals --------------------------------------------------------------------------------------

    /** Makes the result ready with [value]; `false` if it already was (a terminated pool got there first). */
    internal fun succeed(value: @UnsafeVariance T): Boolean {
        if (!outcome.compareAndSet(PENDING, value)) return false
        done.complete()
        return true
    }

    /**
     * Makes the result fail with [error]; `false` if it was already ready. Unless [seen] (an errorCallback got
     * it, or it reports the pool's termination), the exception is watched until someone retrieves it.
     */
    internal fun fail(error: Throwable, seen: Boolean): Boolean {
        val watched = if (!seen && watch != null) watch.watch(this, error, describeFailed(error)) else null
        if (!outcome.compareAndSet(PENDING, Failed(error, watched))) {
            watched?.retrieved()
            return false
        }
        done.complete()
        return true
    }

    private class Failed(val error: Throwable, val watched: Unretrieved.Watch?)

    internal companion object {
        private val PENDING = Any()
    }
}
