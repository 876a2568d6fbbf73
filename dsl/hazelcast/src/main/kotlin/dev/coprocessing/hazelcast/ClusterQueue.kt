package dev.coprocessing.hazelcast

import com.hazelcast.collection.IQueue
import com.hazelcast.config.QueueConfig
import com.hazelcast.map.EntryProcessor
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import kotlin.time.Duration
import kotlinx.coroutines.runBlocking

/**
 * A queue of the cluster, by name: an `IQueue`, so one name on two members (or in a task running on a member)
 * is one queue. The operations are `multiprocessing.Queue`'s: [put], [get] (suspending, with blocking twins
 * under the Python names for Java), [putNowait], [getNowait], [qsize], [empty], [full]. `null` is an item like
 * any other (the sentinel of a producer/consumer), though `IQueue` itself stores none.
 *
 * **Delivery.** FIFO, and each item is delivered once: [get] takes an item in one atomic operation of the
 * member that owns the queue, and a waiting `get` that is cancelled or times out takes nothing. The queue's
 * items have a synchronous backup on another member (Hazelcast's default, backup count 1), so a member that
 * crashes loses none of them; with a single member, its crash loses the queue.
 *
 * **Waiting.** A blocked `get` or `put` polls the queue with a pause growing from 1 ms to 20 ms, never parks a
 * member thread, and so can be cancelled at any moment without losing an item.
 *
 * **Crossing.** Items must be serializable ("Can't pickle …" in the caller otherwise). Captured by a task, the
 * queue travels as its name and is the same queue on the member.
 *
 * ```kotlin
 * val jobs = ctx.Queue<String?>("jobs")
 * jobs.put("spam"); jobs.put(null)
 * println(jobs.get())          // spam
 * ```
 * ```java
 * ClusterQueue<String> jobs = ctx.Queue("jobs");
 * jobs.put("spam");
 * String s = jobs.get();
 * ```
 */
public open class ClusterQueue<T> internal constructor(
    internal val ctx: HazelcastContext,
    /** The queue's name in the cluster. */
    public val name: String,
    maxsize: Int,
) : java.io.Serializable {
    internal val queue: IQueue<Any> = ctx.instance.getQueue(name)

    /**
     * The bound given when this queue was made (0: unbounded, as far as this caller said); [full] reads the
     * cluster's own capacity.
     *
     * ```kotlin
     * println(ctx.Queue<Int>("jobs", maxsize = 3).maxsize) // 3
     * ```
     */
    public val maxsize: Int = maxsize.coerceAtLeast(0)

    init {
        if (maxsize > 0) {
            try {
                ctx.instance.config.addQueueConfig(QueueConfig(name).setMaxSize(maxsize))
            } catch (e: RuntimeException) {
                throw IllegalArgumentException("queue '$name' is configured in the cluster already, differently from maxsize = $maxsize: ${e.message}", e)
            }
        }
    }

    /** Called before an item is added ([ClusterJoinableQueue] counts it), and [undo] when it was not. */
    internal open fun adding() = Unit

    internal open fun undo() = Unit

    /**
     * Adds [item], suspending while the queue is full until there is room or [timeout] passes (then [Full]);
     * with [block] `= false`, [Full] at once. Cancelled while waiting, it adds nothing. An item that cannot
     * cross fails with `IllegalArgumentException` ("Can't pickle …").
     *
     * ```kotlin
     * jobs.put("spam", timeout = 5.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun put(item: T, block: Boolean = true, timeout: Duration? = null) {
        checkTimeout(timeout)
        val stored = NullItem.wrap(item)
        if (offer(stored)) return
        if (!block) throw Full("queue '$name' is full")
        pollUntil(timeout) { if (offer(stored)) true else null } ?: throw Full("queue '$name' is still full after $timeout")
    }

    private fun offer(stored: Any): Boolean {
        adding()
        val added = try {
            crossing(stored, { "an item put on queue '$name'" }) { queue.offer(stored) }
        } catch (e: Throwable) {
            undo()
            throw e
        }
        if (!added) undo()
        return added
    }

    /**
     * Blocks until [item] is added: the blocking twin of [put] (Java: `put(item)`).
     *
     * ```java
     * jobs.put("spam");
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T): Unit = runBlocking { put(item) }

    /**
     * Adds [item], waiting at most [timeout] for room, else [Full]; with [block] `= false`, at once (Java).
     *
     * ```java
     * jobs.put("spam", true, Duration.ofSeconds(5));
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, block: Boolean, timeout: java.time.Duration): Unit = runBlocking { put(item, block, timeout.toKotlin()) }

    /**
     * Adds [item], waiting at most [timeoutSeconds] for room, else [Full] (Java).
     *
     * ```java
     * jobs.put("spam", 5.0);
     * ```
     */
    @JvmName("put")
    public fun putBlocking(item: T, timeoutSeconds: Double): Unit = runBlocking { put(item, true, seconds(timeoutSeconds)) }

    /**
     * Adds [item] if there is room, else throws [Full]: `put(item, block = false)`.
     *
     * ```kotlin
     * try { jobs.putNowait("x") } catch (e: Full) { println("no room") }
     * ```
     */
    public fun putNowait(item: T) {
        if (!offer(NullItem.wrap(item))) throw Full("queue '$name' is full")
    }

    /**
     * Takes the next item, suspending while the queue is empty until one arrives or [timeout] passes (then
     * [Empty]); with [block] `= false`, [Empty] at once. Cancelled while waiting, it takes nothing.
     *
     * ```kotlin
     * val job = jobs.get(timeout = 10.seconds)
     * ```
     */
    @JvmSynthetic
    public suspend fun get(block: Boolean = true, timeout: Duration? = null): T {
        checkTimeout(timeout)
        queue.poll()?.let { return NullItem.unwrap(it) }
        if (!block) throw Empty("queue '$name' is empty")
        return NullItem.unwrap(pollUntil(timeout) { queue.poll() } ?: throw Empty("queue '$name' is still empty after $timeout"))
    }

    /**
     * Blocks until an item arrives and returns it: the blocking twin of [get] (Java: `get()`).
     *
     * ```java
     * String job = jobs.get();
     * ```
     */
    @JvmName("get")
    public fun getBlocking(): T = runBlocking { get() }

    /**
     * Waits at most [timeout] for an item, else throws [Empty] (Java).
     *
     * ```java
     * String job = jobs.get(Duration.ofSeconds(10));
     * ```
     */
    @JvmName("get")
    public fun getBlocking(timeout: java.time.Duration): T = runBlocking { get(true, timeout.toKotlin()) }

    /**
     * Waits at most [timeoutSeconds] for an item, else throws [Empty] (Java).
     *
     * ```java
     * String job = jobs.get(10.0);
     * ```
     */
    @JvmName("get")
    public fun getBlocking(timeoutSeconds: Double): T = runBlocking { get(true, seconds(timeoutSeconds)) }

    /**
     * Takes the next item at once, or throws [Empty]: `get(block = false)`.
     *
     * ```kotlin
     * val job = try { jobs.getNowait() } catch (e: Empty) { null }
     * ```
     */
    public fun getNowait(): T = NullItem.unwrap(queue.poll() ?: throw Empty("queue '$name' is empty"))

    /**
     * How many items the queue holds now, across the cluster.
     *
     * ```kotlin
     * println(jobs.qsize())
     * ```
     */
    public fun qsize(): Int = queue.size

    /**
     * Whether the queue holds no item now.
     *
     * ```kotlin
     * if (jobs.empty()) println("done")
     * ```
     */
    public fun empty(): Boolean = queue.isEmpty()

    /**
     * Whether the queue has no room now (its cluster capacity is reached).
     *
     * ```kotlin
     * if (jobs.full()) println("producers wait")
     * ```
     */
    public fun full(): Boolean = queue.remainingCapacity() == 0

    /** The queue as it travels in a task: its name. */
    private fun writeReplace(): Any = NamedRef("queue", name, maxsize)

    override fun toString(): String = "<ClusterQueue '$name'>"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * A [ClusterQueue] that counts unfinished items across the cluster, as `multiprocessing.JoinableQueue`: every
 * [put] adds one (before the item is visible), every [taskDone] takes one away, and [join] waits for zero. The
 * count is an entry of the cluster's `IMap` "coprocessing.unfinished", changed by entry processors, so producers
 * and consumers on different members count together.
 *
 * ```kotlin
 * val kitchen = ctx.JoinableQueue<String>("kitchen")
 * kitchen.put("soup")
 * val dish = kitchen.get(); cook(dish); kitchen.taskDone()
 * kitchen.join()
 * ```
 */
public class ClusterJoinableQueue<T> internal constructor(ctx: HazelcastContext, name: String, maxsize: Int) :
    ClusterQueue<T>(ctx, name, maxsize) {
    private val counts = ctx.instance.getMap<String, Long?>(UNFINISHED)

    override fun adding() {
        counts.executeOnKey(name, AddTo(1))
    }

    override fun undo() {
        counts.executeOnKey(name, AddTo(-1))
    }

    /**
     * One item taken earlier is done. Throws `IllegalStateException("task_done() called too many times")` when
     * every item put has been marked done already.
     *
     * ```kotlin
     * kitchen.taskDone()
     * ```
     */
    public fun taskDone() {
        check(counts.executeOnKey(name, TaskDone())) { "task_done() called too many times (queue '$name' has no unfinished item)" }
    }

    /**
     * Suspends until every item put on the queue, by any member, has been marked done.
     *
     * ```kotlin
     * kitchen.join()
     * ```
     */
    @JvmSynthetic
    public suspend fun join() {
        pollUntil(null) { if ((counts[name] ?: 0L) == 0L) true else null }
    }

    /**
     * Blocks until every item put has been marked done: the blocking twin of [join] (Java: `join()`).
     *
     * ```java
     * kitchen.join();
     * ```
     */
    @JvmName("join")
    public fun joinBlocking(): Unit = runBlocking { join() }

    private fun writeReplace(): Any = NamedRef("joinable queue", name, maxsize)

    override fun toString(): String = "<ClusterJoinableQueue '$name'>"

    internal companion object {
        const val UNFINISHED = "coprocessing.unfinished"
        private const val serialVersionUID = 1L
    }
}

/** Adds [delta] to a count, removing the entry at zero. */
internal class AddTo(private val delta: Long) : EntryProcessor<String, Long?, Long> {
    override fun process(entry: MutableMap.MutableEntry<String, Long?>): Long {
        val next = (entry.value ?: 0L) + delta
        if (next == 0L) entry.setValue(null) else entry.setValue(next)
        return next
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Takes one from a positive count: whether there was one to take. */
internal class TaskDone : EntryProcessor<String, Long?, Boolean> {
    override fun process(entry: MutableMap.MutableEntry<String, Long?>): Boolean {
        val count = entry.value ?: 0L
        if (count <= 0L) return false
        if (count == 1L) entry.setValue(null) else entry.setValue(count - 1)
        return true
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
