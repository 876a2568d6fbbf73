package dev.coprocessing.queue

import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
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
 * [get] with its twins, [getNowait], [putNowait], [qsize], [empty], [close] and [shutdown] come from
 * [BaseQueue], which [SimpleQueue] shares; [put] with its twins, [maxsize], [full], [joinThread] and
 * [cancelJoinThread] are this class's own.
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
public open class Queue<T> internal constructor(maxsize: Int, store: ItemStore<T>) : BaseQueue<T>(maxsize, store) {
    /**
     * A FIFO queue holding at most [maxsize] items (`<= 0`: no limit).
     *
     * ```kotlin
     * val q = Queue<Int>(maxsize = 3)
     * ```
     */
    @JvmOverloads
    public constructor(maxsize: Int = 0) : this(maxsize, ItemStore.Fifo())

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
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T): Unit = blocking { put(item) }

    /**
     * Blocks at most [timeout], then throws [Full] (Java: `put(item, Duration)`).
     *
     * ```java
     * q.put("job", Duration.ofSeconds(2));
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean): Unit = blocking { put(item, block) }

    /**
     * Python's `put(item, block, timeout)` (Java: `put(item, boolean, Duration)`).
     *
     * ```java
     * q.put("job", true, Duration.ofSeconds(2));
     * ```
     */
    @JvmName("put")
    @Throws(InterruptedException::class)
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
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double): Unit =
        blocking { put(item, block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [put] with a Kotlin [timeout] (`null`: no limit). Kotlin only.
     *
     * ```kotlin
     * q.putBlocking("job", timeout = 2.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun putBlocking(item: T, block: Boolean = true, timeout: Duration?): Unit = blocking { put(item, block, timeout) }

    /**
     * Whether a bounded queue holds [maxsize] items now (never, for an unbounded one).
     *
     * ```kotlin
     * if (q.full()) println("producers are ahead")
     * ```
     */
    public fun full(): Boolean = core.full()

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

    override fun describe(): String = core.describe(tasks = this is JoinableQueue<*>)
}
