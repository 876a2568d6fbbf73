package dev.coprocessing.queue

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import kotlin.time.Duration

/**
 * What every queue of this package has: taking items with [get] (and its blocking twins, which Java sees as
 * `get`), [getNowait], [putNowait], [qsize], [empty], [close], [shutdown] and [isShutdown]. How items go in
 * is each queue's own: [Queue.put] may wait while a bounded queue is full, [SimpleQueue.put] never waits.
 *
 * Only the queues of this package extend it: [Queue] (and through it [JoinableQueue], [LifoQueue] and
 * [PriorityQueue]) and [SimpleQueue]. Use it to write code that consumes from any of them.
 *
 * ```kotlin
 * fun <T> drain(q: BaseQueue<T>): List<T> = buildList {
 *     while (!q.empty()) add(q.getNowait())
 * }
 *
 * drain(Queue<Int>(maxsize = 3))
 * drain(SimpleQueue<String>())
 * ```
 */
public abstract class BaseQueue<T> internal constructor(maxsize: Int, store: ItemStore<T>) {
    internal val core: QueueCore<T> = Remote.takeConstructing()?.let { RemoteQueueCore(it, maxsize, this) } ?: QueueCore(maxsize, store, this)

    /**
     * Adds [item] if there is room, else throws [Full] at once (the item is not enqueued): Python's
     * `put_nowait`, the same as `put(item, block = false)`. A [SimpleQueue] is unbounded, so it always has
     * room. Never suspends. Throws [ShutDown] after [shutdown] and `IllegalStateException` after [close].
     *
     * ```kotlin
     * try { q.putNowait(4) } catch (e: Full) { println("no room") }
     * ```
     */
    public fun putNowait(item: T): Unit = core.putNowait(item)

    /**
     * Removes and returns the next item (the oldest; the newest in a [LifoQueue], the lowest in a
     * [PriorityQueue]). An empty queue makes it suspend until an item arrives, or until [timeout] passes
     * (`null`: no limit) and it throws [Empty]; with [block] `= false` it throws [Empty] at once.
     *
     * Cancelled while waiting, it throws `CancellationException` and takes nothing. After [shutdown] it
     * returns the items left, then throws [ShutDown]; after [close] it throws `IllegalStateException`
     * ("Queue <...> is closed"), also when the close happens during the wait. A negative [timeout] throws
     * `IllegalArgumentException`.
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
    @Throws(InterruptedException::class)
    public fun getBlocking(): T = blocking { get() }

    /**
     * Blocks at most [timeout], then throws [Empty] (Java: `get(Duration)`).
     *
     * ```java
     * String job = q.get(Duration.ofSeconds(1));
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeout: java.time.Duration): T = blocking { get(true, timeout.toTimeout()) }

    /**
     * Blocks at most [timeoutSeconds], then throws [Empty], as Python's `get(timeout=1.5)` (Java: `get(double)`).
     *
     * ```java
     * String job = q.get(1.5);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(timeoutSeconds: Double): T = blocking { get(true, secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks while the queue is empty if [block], else throws [Empty] at once (Java: `get(boolean)`).
     *
     * ```java
     * String job = q.get(false);   // as getNowait
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean): T = blocking { get(block) }

    /**
     * Python's `get(block, timeout)` (Java: `get(boolean, Duration)`).
     *
     * ```java
     * String job = q.get(true, Duration.ofSeconds(2));
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean, timeout: java.time.Duration): T = blocking { get(block, timeout.toTimeout()) }

    /**
     * Python's `get(block, timeout)` with the timeout in seconds (Java: `get(boolean, double)`).
     *
     * ```java
     * String job = q.get(true, 2.0);
     * ```
     */
    @JvmName("get")
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean, timeoutSeconds: Double): T =
        blocking { get(block, secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [get] with a Kotlin [timeout] (`null`: no limit). Kotlin only.
     *
     * ```kotlin
     * val job = q.getBlocking(timeout = 1.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun getBlocking(block: Boolean = true, timeout: Duration?): T = blocking { get(block, timeout) }

    /**
     * Removes and returns the next item if there is one, else throws [Empty] at once; the same as
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
     * Closes the queue: afterwards `put`, [get] and [empty] throw `IllegalStateException("Queue <...> is
     * closed")`, and callers waiting in `put` or [get] wake with it. Closing twice, or closing a queue never
     * used, is fine. Never suspends.
     *
     * Objects are shared, not copied: this closes the queue for every process, not only the caller's end of
     * it as in CPython. Close it when nobody needs it any more, not after putting "my" last item.
     *
     * ```kotlin
     * q.close()
     * ```
     */
    public fun close(): Unit = core.close()

    /**
     * Shuts the queue down, as Python 3.13's `Queue.shutdown`: afterwards `put` throws [ShutDown]; [get]
     * returns the items left, then throws [ShutDown]; callers waiting in `put` or [get] wake with [ShutDown].
     * With [immediate] `= true` the items still queued are discarded (in a [JoinableQueue] they count as done
     * for `join()`, which then waits only for items already taken). Never suspends. Calling it again is fine.
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

    /** The state [toString] shows after the address, such as `maxsize=3 qsize=1`. */
    internal abstract fun describe(): String

    /**
     * `<Queue at 0x1b6d3586 maxsize=3 qsize=1>`, `<SimpleQueue at 0x1b6d3586 qsize=1>`: the queue's kind,
     * identity and state, naming it in messages.
     */
    override fun toString(): String =
        "<${javaClass.simpleName.ifEmpty { "Queue" }} at 0x${Integer.toHexString(System.identityHashCode(this))} " +
            "${describe()}>"

    private companion object {
        init {
            Remote.shareable(BaseQueue::class.java, QueueSharing)
        }
    }
}
