package dev.coprocessing.queue

import dev.coprocessing.internal.blocking
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import kotlin.time.Duration

/**
 * An unbounded FIFO queue without task tracking, as `multiprocessing.SimpleQueue` and `queue.SimpleQueue`
 * (the union of the two): [put] never waits, [get] waits for an item. It keeps [Queue]'s guarantees: every
 * item is delivered exactly once or stays queued, per-producer FIFO, and a cancelled or timed-out [get]
 * takes nothing.
 *
 * ```kotlin
 * val q = SimpleQueue<String>()
 * q.put("hello")
 * println(q.get())
 * ```
 * ```java
 * SimpleQueue<String> q = new SimpleQueue<>();
 * q.put("hello");
 * String s = q.get();
 * ```
 */
public class SimpleQueue<T> {
    private val core = QueueCore(0, ItemStore.Fifo<T>(), this)

    /**
     * Adds [item] at the end. Never waits (the queue is unbounded), so it never suspends. Throws
     * [ShutDown] after [shutdown] and `IllegalStateException` after [close].
     *
     * ```kotlin
     * q.put("job")
     * ```
     */
    public fun put(item: T): Unit = core.putNowait(item)

    /**
     * The same as [put], as Python's `SimpleQueue.put_nowait`.
     *
     * ```kotlin
     * q.putNowait("job")
     * ```
     */
    public fun putNowait(item: T): Unit = core.putNowait(item)

    /**
     * Removes and returns the oldest item, suspending while the queue is empty, until [timeout] passes
     * (`null`: no limit; then it throws [Empty]); with [block] `= false` it throws [Empty] at once. Cancelled
     * while waiting, it takes nothing. After [shutdown] it returns what is left, then throws [ShutDown].
     *
     * ```kotlin
     * val job = q.get(timeout = 1.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun get(block: Boolean = true, timeout: Duration? = null): T = core.get(block, timeout)

    /**
     * Blocks until an item arrives: the blocking twin of [get] (Java: `get()`).
     *
     * ```java
     * String job = q.get();
     * ```
     */
    @JvmName("get")
    public fun getBlocking(): T = blocking { get() }

    /**
     * Blocks at most [timeout], then throws [Empty] (Java: `get(Duration)`).
     *
     * ```java
     * String job = q.get(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("get")
    public fun getBlocking(timeout: java.time.Duration): T = blocking { get(true, timeout.toTimeout()) }

    /**
     * Blocks at most [timeoutSeconds], then throws [Empty] (Java: `get(double)`).
     *
     * ```java
     * String job = q.get(1.5);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(timeoutSeconds: Double): T = blocking { get(true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks while empty if [block], else throws [Empty] at once (Java: `get(boolean)`).
     *
     * ```java
     * String job = q.get(false);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean): T = blocking { get(block) }

    /**
     * Python's `get(block, timeout)` (Java: `get(boolean, Duration)`).
     *
     * ```java
     * String job = q.get(true, Duration.ofSeconds(1));
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean, timeout: java.time.Duration): T = blocking { get(block, timeout.toTimeout()) }

    /**
     * Python's `get(block, timeout)` with the timeout in seconds (Java: `get(boolean, double)`).
     *
     * ```java
     * String job = q.get(true, 1.5);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean, timeoutSeconds: Double): T =
        blocking { get(block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [get] with a Kotlin [timeout]. Kotlin only.
     *
     * ```kotlin
     * val job = q.getBlocking(timeout = 1.seconds)
     * ```
     */
    public fun getBlocking(block: Boolean = true, timeout: Duration?): T = blocking { get(block, timeout) }

    /**
     * Removes and returns the oldest item, or throws [Empty] at once. Never suspends.
     *
     * ```kotlin
     * val next = try { q.getNowait() } catch (e: Empty) { null }
     * ```
     */
    public fun getNowait(): T = core.getNowait()

    /**
     * How many items are queued now, exactly.
     *
     * ```kotlin
     * println(q.qsize())
     * ```
     */
    public fun qsize(): Int = core.qsize()

    /**
     * Whether no item is queued now. Throws `IllegalStateException` after [close].
     *
     * ```kotlin
     * if (q.empty()) println("idle")
     * ```
     */
    public fun empty(): Boolean = core.empty()

    /**
     * Closes the queue for every holder: afterwards [put], [get] and [empty] throw `IllegalStateException`,
     * and waiting getters wake with it. Closing twice is fine.
     *
     * ```kotlin
     * q.close()
     * ```
     */
    public fun close(): Unit = core.close()

    /**
     * Shuts the queue down, as [Queue.shutdown]: [put] throws [ShutDown]; [get] drains what is left (nothing,
     * with [immediate]), then throws [ShutDown]; waiting getters wake.
     *
     * ```kotlin
     * q.shutdown()
     * ```
     */
    @JvmOverloads
    public fun shutdown(immediate: Boolean = false): Unit = core.shutdown(immediate)

    /**
     * Whether [shutdown] has been called (Java: `isShutdown()`).
     *
     * ```kotlin
     * if (q.isShutdown) return
     * ```
     */
    public val isShutdown: Boolean get() = core.isShutdown

    /** `<SimpleQueue at 0x1b6d3586 qsize=1>`. */
    override fun toString(): String =
        "<SimpleQueue at 0x${Integer.toHexString(System.identityHashCode(this))} " +
            core.describe(tasks = false).removePrefix("maxsize=0 ") + ">"
}
