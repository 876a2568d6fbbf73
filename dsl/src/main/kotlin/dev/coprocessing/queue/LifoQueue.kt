package dev.coprocessing.queue

/**
 * A last-in, first-out queue (a stack), as Python's `queue.LifoQueue`: [get] returns the item put most
 * recently. Everything else is a [JoinableQueue]'s: bounded or not, blocking [put]/[get] with timeouts,
 * [taskDone]/[join], [shutdown], and every guarantee about cancellation (nothing is lost or delivered twice).
 *
 * ```kotlin
 * val stack = LifoQueue<Int>()
 * for (i in 1..3) stack.put(i)
 * println(List(3) { stack.get() })   // [3, 2, 1]
 * ```
 * ```java
 * LifoQueue<Integer> stack = new LifoQueue<>();
 * stack.put(1); stack.put(2);
 * stack.get();   // 2
 * ```
 */
public class LifoQueue<T> @JvmOverloads constructor(maxsize: Int = 0) : JoinableQueue<T>(maxsize, ItemStore.Lifo())
