package dev.coprocessing.queue

import dev.coprocessing.process.blocking

/**
 * A [Queue] that counts unfinished tasks, as `multiprocessing.JoinableQueue`: every [put] adds one, every
 * [taskDone] (called by a consumer once it has processed an item it got) removes one, and [join] waits until
 * the count is zero, that is until every item put so far has been taken and processed.
 *
 * ```kotlin
 * multiprocessing {
 *     val q = JoinableQueue<String>()
 *     val cook = Process(daemon = true) {
 *         while (true) { println("ate ${q.get()}"); q.taskDone() }
 *     }
 *     cook.start()
 *     repeat(3) { q.put("dish $it") }
 *     q.join()   // returns once the three dishes are eaten; the daemon consumer ends with the main block
 * }
 * ```
 * ```java
 * JoinableQueue<String> q = new JoinableQueue<>();
 * q.put("dish");
 * q.join();
 * ```
 */
public open class JoinableQueue<T> internal constructor(maxsize: Int, store: ItemStore<T>) : Queue<T>(maxsize, store) {
    /**
     * A FIFO joinable queue holding at most [maxsize] items (`<= 0`: no limit).
     *
     * ```kotlin
     * val q = JoinableQueue<Int>()
     * ```
     */
    @JvmOverloads
    public constructor(maxsize: Int = 0) : this(maxsize, ItemStore.Fifo())

    /**
     * Tells the queue that one item taken with [get] has been processed. Never suspends. When every item put
     * so far has been marked done, the callers of [join] return.
     *
     * Throws `IllegalStateException("task_done() called too many times")` when called more often than items
     * were put; the count is left as it was.
     *
     * ```kotlin
     * val item = q.get()
     * process(item)
     * q.taskDone()
     * ```
     */
    public fun taskDone(): Unit = core.taskDone()

    /**
     * Suspends until every item put so far has been taken and marked done with [taskDone]; returns at once if
     * there is none. Cancelling the caller ends the wait and changes nothing.
     *
     * ```kotlin
     * repeat(10) { q.put(it) }
     * q.join()   // all ten processed
     * ```
     */
    @JvmSynthetic
    public suspend fun join(): Unit = core.join()

    /**
     * Blocks the calling thread until every item put so far has been processed: the blocking twin of [join]
     * (Java: `join()`).
     *
     * ```java
     * q.join();
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(): Unit = blocking { join() }
}
