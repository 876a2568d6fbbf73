package dev.coprocessing.queue

/**
 * A `put` found the queue full: [Queue.putNowait], `put(block = false)`, or a `put` whose timeout ran out,
 * as Python's `queue.Full`. The item was not enqueued. Unchecked.
 *
 * ```kotlin
 * try { q.putNowait(4) } catch (e: Full) { println("full, 4 was not put") }
 * ```
 */
public open class Full(message: String? = null) : RuntimeException(message)

/**
 * A `get` found the queue empty: [Queue.getNowait], `get(block = false)`, or a `get` whose timeout ran out,
 * as Python's `queue.Empty`. Nothing was taken. Unchecked.
 *
 * ```kotlin
 * try { println(q.getNowait()) } catch (e: Empty) { println("nothing yet") }
 * ```
 */
public open class Empty(message: String? = null) : RuntimeException(message)

/**
 * The queue has been shut down (see [Queue.shutdown]), as Python 3.13's `queue.ShutDown`: `put` throws it at
 * once, `get` once the items left are gone, and both wake with it when they were waiting. Unchecked.
 *
 * ```kotlin
 * while (true) {
 *     val job = try { q.get() } catch (e: ShutDown) { break }
 *     work(job)
 * }
 * ```
 */
public open class ShutDown(message: String? = null) : RuntimeException(message)
