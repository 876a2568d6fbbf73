package dev.coprocessing.queue

/**
 * An unbounded FIFO queue without task tracking, as `multiprocessing.SimpleQueue` and `queue.SimpleQueue`
 * (the union of the two): [put] never waits, [get] waits for an item. It keeps [Queue]'s guarantees: every
 * item is delivered exactly once or stays queued, per-producer FIFO, and a cancelled or timed-out [get]
 * takes nothing.
 *
 * Everything but [put] comes from [BaseQueue], which [Queue] shares: [get] with its blocking twins,
 * [getNowait], [putNowait], [qsize], [empty], [close], [shutdown] and [isShutdown].
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
public class SimpleQueue<T> : BaseQueue<T>(0, ItemStore.Fifo()) {

    /**
     * Adds [item] at the end. Never waits (the queue is unbounded), so it never suspends; the same as
     * [putNowait]. Throws [ShutDown] after [shutdown] and `IllegalStateException` after [close].
     *
     * ```kotlin
     * q.put("job")
     * ```
     */
    public fun put(item: T): Unit = core.putNowait(item)

    override fun describe(): String = core.describe(tasks = false).removePrefix("maxsize=0 ")
}
