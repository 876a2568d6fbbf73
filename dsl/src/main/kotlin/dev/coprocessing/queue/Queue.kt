package dev.coprocessing.queue

import dev.coprocessing.internal.blocking
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import kotlin.time.Duration

/**
 * A first-in, first-out queue shared by processes, as `multiprocessing.Queue`: [put] adds an item, waiting
 * while a bounded queue is full; [get] takes one, waiting while the queue is empty.
 *
 * Guarantees, whatever the interleaving:
 * - every item put is delivered exactly once, to one [get], or stays in the queue;
 * - items from one producer come out in the order that producer put them;
 * - a [get] that is cancelled or times out takes nothing, and a [put] that is cancelled or times out either
 *   enqueued its item or did not (and then [put] threw), with [qsize] agreeing either way. When a cancellation
 *   races with an item arriving, [get] may still return that item: it was taken, so it is handed over, and the
 *   cancellation takes effect at the caller's next suspension point. (Do not wrap [get] in `withTimeout`:
 *   kotlinx.coroutines drops a block's result when its timeout fires as the block returns; use the `timeout`
 *   parameter, which never loses an item.)
 * - [qsize], [empty] and [full] are exact at the moment they are read.
 *
 * Every wait runs on coroutine time (tests under `runTest` skip it), suspends rather than blocks, and ends
 * at once when the caller is cancelled. Outside coroutines, use the blocking twins ([putBlocking],
 * [getBlocking]), which Java sees as `put` and `get`.
 *
 * `null` is an item like any other, so `Queue<String?>` carries Python's `None` sentinel. [maxsize] `<= 0`
 * means unbounded. Objects are shared, not copied: every process that sees this queue sees the same one,
 * so [close] closes it for all of them (in CPython it closes only the caller's handle).
 *
 * ```kotlin
 * multiprocessing {
 *     val q = Queue<String?>(maxsize = 3)
 *     val consumer = Process {
 *         while (true) println("got ${q.get() ?: break}")
 *     }
 *     consumer.start()
 *     for (i in 1..10) q.put("item $i")   // waits while 3 items are queued
 *     q.put(null)                         // the sentinel
 * }
 * ```
 * ```java
 * Queue<String> q = new Queue<>(3);
 * q.put("a");                 // blocks while full
 * String s = q.get(1.5);      // blocks at most 1.5 s, then throws Empty
 * ```
 */
public open class Queue<T> internal constructor(maxsize: Int, store: ItemStore<T>) {
    /**
     * A FIFO queue holding at most [maxsize] items (`<= 0`: no limit).
     *
     * ```kotlin
     * val q = Queue<Int>(maxsize = 3)
     * ```
     */
    @JvmOverloads
    public constructor(maxsize: Int = 0) : this(maxsize, ItemStore.Fifo())

    internal val core: QueueCore<T> = QueueCore(maxsize, store, this)

    /**
     * The most items the queue holds; `<= 0` means unbounded. Read-only, as in CPython.
     *
     * ```kotlin
     * println(q.maxsize)
     * ```
     */
    public val maxsize: Int get() = core.maxsize

    /**
     * Adds [item] at the end of the queue. A full queue makes it suspend until there is room, or until
     * [timeout] passes (`null`: no limit) and it throws [Full]; with [block] `= false` it throws [Full] at once.
     *
     * Cancelled while waiting, it throws `CancellationException` and the item is not enqueued. Throws
     * [ShutDown] after [shutdown] (also when it happens during the wait), `IllegalStateException` after
     * [close] ("Queue <...> is closed"), `IllegalArgumentException` for a negative timeout.
     *
     * ```kotlin
     * q.put("job")
     * q.put("job", timeout = 2.seconds)   // Full after 2 s of a full queue
     * ```
     */
    @JvmSynthetic
    public suspend fun put(item: T, block: Boolean = true, timeout: Duration? = null): Unit =
        core.put(item, block, timeout)

    /**
     * Blocks the calling thread until [item] is enqueued: the blocking twin of [put] (Java: `put(item)`).
     *
     * ```java
     * q.put("job");
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T): Unit = blocking { put(item) }

    /**
     * Blocks at most [timeout], then throws [Full] (Java: `put(item, Duration)`).
     *
     * ```java
     * q.put("job", Duration.ofSeconds(2));
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, timeout: java.time.Duration): Unit = blocking { put(item, true, timeout.toTimeout()) }

    /**
     * Blocks at most [timeoutSeconds], then throws [Full], as Python's `put(item, timeout=2)`
     * (Java: `put(item, double)`).
     *
     * ```java
     * q.put("job", 2.0);
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, timeoutSeconds: Double): Unit =
        blocking { put(item, true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks while the queue is full if [block], else throws [Full] at once (Java: `put(item, boolean)`).
     *
     * ```java
     * q.put("job", false);   // as putNowait
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, block: Boolean): Unit = blocking { put(item, block) }

    /**
     * Python's `put(item, block, timeout)` (Java: `put(item, boolean, Duration)`).
     *
     * ```java
     * q.put("job", true, Duration.ofSeconds(2));
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, block: Boolean, timeout: java.time.Duration): Unit =
        blocking { put(item, block, timeout.toTimeout()) }

    /**
     * Python's `put(item, block, timeout)` with the timeout in seconds (Java: `put(item, boolean, double)`).
     *
     * ```java
     * q.put("job", true, 2.0);
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double): Unit =
        blocking { put(item, block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [put] with a Kotlin [timeout] (`null`: no limit). Kotlin only.
     *
     * ```kotlin
     * q.putBlocking("job", timeout = 2.seconds)
     * ```
     */
    public fun putBlocking(item: T, block: Boolean = true, timeout: Duration?): Unit = blocking { put(item, block, timeout) }

    /**
     * Adds [item] if there is room, else throws [Full] at once (the item is not enqueued); the same as
     * `put(item, block = false)`. Never suspends.
     *
     * ```kotlin
     * try { q.putNowait(4) } catch (e: Full) { println("no room") }
     * ```
     */
    public fun putNowait(item: T): Unit = core.putNowait(item)

    /**
     * Removes and returns the oldest item. An empty queue makes it suspend until an item arrives, or until
     * [timeout] passes (`null`: no limit) and it throws [Empty]; with [block] `= false` it throws [Empty] at
     * once.
     *
     * Cancelled while waiting, it throws `CancellationException` and takes nothing. After [shutdown] it
     * returns the items left, then throws [ShutDown]; after [close] it throws `IllegalStateException`
     * ("Queue <...> is closed"), also when the close happens during the wait.
     *
     * ```kotlin
     * val job = q.get()
     * val maybe = try { q.get(timeout = 1.seconds) } catch (e: Empty) { null }
     * ```
     */
    @JvmSynthetic
    public suspend fun get(block: Boolean = true, timeout: Duration? = null): T = core.get(block, timeout)

    /**
     * Blocks the calling thread until an item arrives and returns it: the blocking twin of [get]
     * (Java: `get()`).
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
     * Blocks at most [timeoutSeconds], then throws [Empty], as Python's `get(timeout=1.5)` (Java: `get(double)`).
     *
     * ```java
     * String job = q.get(1.5);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(timeoutSeconds: Double): T = blocking { get(true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks while the queue is empty if [block], else throws [Empty] at once (Java: `get(boolean)`).
     *
     * ```java
     * String job = q.get(false);   // as getNowait
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean): T = blocking { get(block) }

    /**
     * Python's `get(block, timeout)` (Java: `get(boolean, Duration)`).
     *
     * ```java
     * String job = q.get(true, Duration.ofSeconds(2));
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean, timeout: java.time.Duration): T = blocking { get(block, timeout.toTimeout()) }

    /**
     * Python's `get(block, timeout)` with the timeout in seconds (Java: `get(boolean, double)`).
     *
     * ```java
     * String job = q.get(true, 2.0);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(block: Boolean, timeoutSeconds: Double): T =
        blocking { get(block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [get] with a Kotlin [timeout] (`null`: no limit). Kotlin only.
     *
     * ```kotlin
     * val job = q.getBlocking(timeout = 1.seconds)
     * ```
     */
    public fun getBlocking(block: Boolean = true, timeout: Duration?): T = blocking { get(block, timeout) }

    /**
     * Removes and returns the oldest item if there is one, else throws [Empty] at once; the same as
     * `get(block = false)`. Never suspends.
     *
     * ```kotlin
     * val next = try { q.getNowait() } catch (e: Empty) { null }
     * ```
     */
    public fun getNowait(): T = core.getNowait()

    /**
     * How many items are in the queue now: exact at the moment it is read (CPython's is approximate).
     *
     * ```kotlin
     * println("${q.qsize()} waiting")
     * ```
     */
    public fun qsize(): Int = core.qsize()

    /**
     * Whether the queue holds no item now. Throws `IllegalStateException` after [close], as CPython does.
     *
     * ```kotlin
     * if (q.empty()) println("idle")
     * ```
     */
    public fun empty(): Boolean = core.empty()

    /**
     * Whether a bounded queue holds [maxsize] items now (never, for an unbounded one).
     *
     * ```kotlin
     * if (q.full()) println("producers are ahead")
     * ```
     */
    public fun full(): Boolean = core.full()

    /**
     * Closes the queue: afterwards [put], [get] and [empty] throw `IllegalStateException("Queue <...> is
     * closed")`, and callers waiting in [put] or [get] wake with it. Closing twice, or closing a queue never
     * used, is fine. Never suspends.
     *
     * Objects are shared, not copied: this closes the queue for every process, not only the caller's end of
     * it as in CPython. Close it when nobody needs it any more, not after putting "my" last item.
     *
     * ```kotlin
     * q.close()
     * q.joinThread()
     * ```
     */
    public fun close(): Unit = core.close()

    /**
     * CPython waits here for the queue's feeder thread to flush what was put. This queue has no feeder
     * thread (an item is in the queue when [put] returns), so there is nothing to wait for: it returns at
     * once. As in CPython, it throws `IllegalStateException` unless the queue is [close]d.
     *
     * ```kotlin
     * q.close()
     * q.joinThread()
     * ```
     */
    public fun joinThread(): Unit = core.joinThread()

    /**
     * CPython's way to stop a process from waiting for the feeder thread at exit. There is none here, so it
     * only records the request; kept so ported code runs unchanged.
     *
     * ```kotlin
     * q.cancelJoinThread()
     * ```
     */
    public fun cancelJoinThread() {
        core.joinThreadCancelled = true
    }

    /**
     * Shuts the queue down, as Python 3.13's `Queue.shutdown`: afterwards [put] throws [ShutDown]; [get]
     * returns the items left, then throws [ShutDown]; callers waiting in [put] or [get] wake with [ShutDown].
     * With [immediate] `= true` the items still queued are discarded (and count as done for `join()`, which
     * then waits only for items already taken). Never suspends. Calling it again is fine.
     *
     * ```kotlin
     * q.shutdown()                   // consumers drain what is left, then see ShutDown
     * q.shutdown(immediate = true)   // consumers see ShutDown at once
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

    /** `<Queue at 0x1b6d3586 maxsize=3 qsize=1>`, naming the queue in messages. */
    override fun toString(): String =
        "<${javaClass.simpleName.ifEmpty { "Queue" }} at 0x${Integer.toHexString(System.identityHashCode(this))} " +
            "${core.describe(tasks = this is JoinableQueue<*>)}>"
}
