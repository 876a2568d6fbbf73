package dev.coprocessing.manager

import dev.coprocessing.sync.SyncOp
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import dev.coprocessing.queue.JoinableQueue
import kotlin.time.Duration

/** The operations of a managed queue; items go in and come out as copies. */
internal object QueueOps {
    class Put(private val item: Any?, private val block: Boolean, timeout: Duration?) :
        WaitingOp<JoinableQueue<Any?>, Unit> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: JoinableQueue<Any?>): Unit = target.put(Copies.of(item), block, timeout)
    }

    class Get(private val block: Boolean, timeout: Duration?) : WaitingOp<JoinableQueue<Any?>, Any?> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: JoinableQueue<Any?>): Any? = Copies.of(target.get(block, timeout))
    }

    class PutNowait(private val item: Any?) : Op<JoinableQueue<Any?>, Unit> {
        override fun applyTo(target: JoinableQueue<Any?>): Unit = target.putNowait(Copies.of(item))
    }

    object GetNowait : Op<JoinableQueue<Any?>, Any?> {
        override fun applyTo(target: JoinableQueue<Any?>): Any? = Copies.of(target.getNowait())
    }

    object Qsize : Op<JoinableQueue<Any?>, Int> {
        override fun applyTo(target: JoinableQueue<Any?>): Int = target.qsize()
    }

    object Empty : Op<JoinableQueue<Any?>, Boolean> {
        override fun applyTo(target: JoinableQueue<Any?>): Boolean = target.empty()
    }

    object Full : Op<JoinableQueue<Any?>, Boolean> {
        override fun applyTo(target: JoinableQueue<Any?>): Boolean = target.full()
    }

    object TaskDone : Op<JoinableQueue<Any?>, Unit> {
        override fun applyTo(target: JoinableQueue<Any?>): Unit = target.taskDone()
    }

    object Join : WaitingOp<JoinableQueue<Any?>, Unit> {
        override suspend fun applyTo(target: JoinableQueue<Any?>): Unit = target.join()
    }

    class Shutdown(private val immediate: Boolean) : Op<JoinableQueue<Any?>, Unit> {
        override fun applyTo(target: JoinableQueue<Any?>): Unit = target.shutdown(immediate)
    }

    object IsShutdown : Op<JoinableQueue<Any?>, Boolean> {
        override fun applyTo(target: JoinableQueue<Any?>): Boolean = target.isShutdown
    }
}

/**
 * A queue kept by a [Manager], as the proxy of CPython's `Manager().Queue()` (a `queue.Queue`): FIFO, bounded
 * by [maxsize] (0: unbounded), with `put`/`get` that may wait, their `Nowait` forms, `Full`/`Empty`,
 * [taskDone]/[join] and Python 3.13's [shutdown], under every rule of [dev.coprocessing.queue.JoinableQueue]
 * (an item is delivered exactly once and never lost when a `get` or `put` is cancelled or times out). Made by
 * [Manager.Queue] and [Manager.JoinableQueue]: CPython's two are the same joinable queue, and so are these.
 * It has no `close()`/`joinThread()`: those belong to `multiprocessing.Queue`'s feeder thread, which a
 * managed queue does not have.
 *
 * Items go in and come out as copies (see [DictProxy]). Once the manager has shut down, every call throws
 * `IllegalStateException("Manager has shut down")`, and a caller waiting in `put`/`get`/`join` stops waiting
 * with that error.
 *
 * ```kotlin
 * manager {
 *     val q = Queue<String?>(3)
 *     q.put("spam")
 *     println(q.get())
 * }
 * ```
 */
@Suppress("UNCHECKED_CAST")
public class QueueProxy<T> internal constructor(internal val handle: Handle<JoinableQueue<Any?>>, maxsize: Int) {
    /**
     * The most items the queue holds (0 or less: no limit). Never changes.
     *
     * ```kotlin
     * println(q.maxsize)
     * ```
     */
    public val maxsize: Int = maxsize

    /**
     * Puts [item], as `Queue.put`: with [block] it suspends while the queue is full, until [timeout] (`null`: no
     * limit), then throws `Full`; without, it throws `Full` at once. Cancellable: a cancelled put puts nothing.
     *
     * ```kotlin
     * q.put(item, timeout = 1.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun put(item: T, block: Boolean = true, timeout: Duration? = null): Unit =
        handle.await(QueueOps.Put(item, block, timeout))

    /**
     * Blocks until [item] is put (Java: `put(item)`).
     *
     * ```java
     * q.put("spam");
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T): Unit = blocking { put(item) }

    /**
     * Blocks until [item] is put or [timeout] passes, then throws `Full` (Java: `put(item, Duration)`).
     *
     * ```java
     * q.put("spam", Duration.ofSeconds(1));
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, timeout: java.time.Duration): Unit = blocking { put(item, true, timeout.toTimeout()) }

    /**
     * Blocks until [item] is put or [timeoutSeconds] pass (Java: `put(item, double)`).
     *
     * ```java
     * q.put("spam", 1.0);
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, timeoutSeconds: Double): Unit = blocking { put(item, true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Puts [item], waiting only when [block] (Java: `put(item, boolean)`).
     *
     * ```java
     * q.put("spam", false);
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean): Unit = blocking { put(item, block) }

    /**
     * Python's positional `put(item, True, timeout)` (Java: `put(item, boolean, Duration)`).
     *
     * ```java
     * q.put("spam", true, Duration.ofSeconds(1));
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean, timeout: java.time.Duration): Unit =
        blocking { put(item, block, timeout.toTimeout()) }

    /**
     * Python's positional `put(item, True, 0.5)` (Java: `put(item, boolean, double)`).
     *
     * ```java
     * q.put("spam", true, 0.5);
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double): Unit =
        blocking { put(item, block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [put] with Kotlin's `Duration`. Kotlin only.
     *
     * ```kotlin
     * q.putBlocking(item, timeout = 1.seconds)
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean = true, timeout: Duration?): Unit = blocking { put(item, block, timeout) }

    /**
     * Puts [item] without waiting, or throws `Full`: Python's `put_nowait`.
     *
     * ```kotlin
     * q.putNowait(item)
     * ```
     */
    public fun putNowait(item: T): Unit = handle.call(QueueOps.PutNowait(item))

    /**
     * Takes the oldest item, as `Queue.get`: with [block] it suspends while the queue is empty, until [timeout]
     * (`null`: no limit), then throws `Empty`; without, it throws `Empty` at once. Cancellable: a cancelled get
     * takes nothing.
     *
     * ```kotlin
     * val item = q.get(timeout = 1.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun get(block: Boolean = true, timeout: Duration? = null): T = handle.await(QueueOps.Get(block, timeout)) as T

    /**
     * Blocks until an item comes (Java: `get()`).
     *
     * ```java
     * String item = q.get();
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(): T = blocking { get() }

    /**
     * Blocks until an item comes or [timeout] passes, then throws `Empty` (Java: `get(Duration)`).
     *
     * ```java
     * String item = q.get(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeout: java.time.Duration): T = blocking { get(true, timeout.toTimeout()) }

    /**
     * Blocks until an item comes or [timeoutSeconds] pass (Java: `get(double)`).
     *
     * ```java
     * String item = q.get(1.0);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeoutSeconds: Double): T = blocking { get(true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Takes an item, waiting only when [block] (Java: `get(boolean)`).
     *
     * ```java
     * String item = q.get(false);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean): T = blocking { get(block) }

    /**
     * Python's positional `get(True, timeout)` (Java: `get(boolean, Duration)`).
     *
     * ```java
     * String item = q.get(true, Duration.ofSeconds(1));
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean, timeout: java.time.Duration): T = blocking { get(block, timeout.toTimeout()) }

    /**
     * Python's positional `get(True, 0.5)` (Java: `get(boolean, double)`).
     *
     * ```java
     * String item = q.get(true, 0.5);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean, timeoutSeconds: Double): T = blocking { get(block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [get] with Kotlin's `Duration`. Kotlin only.
     *
     * ```kotlin
     * val item = q.getBlocking(timeout = 1.seconds)
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean = true, timeout: Duration?): T = blocking { get(block, timeout) }

    /**
     * Takes an item without waiting, or throws `Empty`: Python's `get_nowait`.
     *
     * ```kotlin
     * val item = q.getNowait()
     * ```
     */
    public fun getNowait(): T = handle.call(QueueOps.GetNowait) as T

    /**
     * How many items are queued now, as Python's `qsize()`.
     *
     * ```kotlin
     * println(q.qsize())
     * ```
     */
    public fun qsize(): Int = handle.call(QueueOps.Qsize)

    /**
     * Whether no item is queued now.
     *
     * ```kotlin
     * if (q.empty()) println("nothing yet")
     * ```
     */
    public fun empty(): Boolean = handle.call(QueueOps.Empty)

    /**
     * Whether the queue holds [maxsize] items now.
     *
     * ```kotlin
     * if (q.full()) println("wait a little")
     * ```
     */
    public fun full(): Boolean = handle.call(QueueOps.Full)

    /**
     * Marks one item taken with `get` as done, as Python's `task_done()`; once every item put is done, [join]
     * returns. Too many: `IllegalStateException("task_done() called too many times")`.
     *
     * ```kotlin
     * val job = q.get(); work(job); q.taskDone()
     * ```
     */
    public fun taskDone(): Unit = handle.call(QueueOps.TaskDone)

    /**
     * Suspends until every item put has been marked done with [taskDone]. Cancellable.
     *
     * ```kotlin
     * q.join()
     * ```
     */
    @JvmSynthetic
    public suspend fun join(): Unit = handle.await(QueueOps.Join)

    /**
     * Blocks until every item put is done (Java: `join()`).
     *
     * ```java
     * q.join();
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(): Unit = blocking { join() }

    /**
     * Shuts the queue down, as Python 3.13's `Queue.shutdown` (see `dev.coprocessing.queue.BaseQueue.shutdown`).
     *
     * ```kotlin
     * q.shutdown()
     * ```
     */
    @JvmOverloads
    public fun shutdown(immediate: Boolean = false): Unit = handle.call(QueueOps.Shutdown(immediate))

    /**
     * Whether [shutdown] has been called (Java: `isShutdown()`).
     *
     * ```kotlin
     * if (q.isShutdown) return
     * ```
     */
    public val isShutdown: Boolean get() = handle.call(QueueOps.IsShutdown)

    /** The queue's own repr: `<JoinableQueue at 0x...: maxsize=3 ...>`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<QueueProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)
}
