package dev.coprocessing.queue

/**
 * A queue that returns its lowest item first, as Python's `queue.PriorityQueue`: items are compared with
 * [comparator], or by their natural order when it is `null` (they must then be [Comparable]). Items that
 * compare equal come out in the order they were put. Everything else is a [JoinableQueue]'s: bounded or not,
 * blocking [put]/[get] with timeouts, [taskDone]/[join], [shutdown], and every guarantee about cancellation.
 *
 * Putting an item that cannot be compared (not [Comparable] without a comparator, `null` with a comparator
 * that rejects it, such as `Comparator.naturalOrder()`, or of a kind the others cannot be compared with) throws
 * `IllegalArgumentException`, as CPython raises `TypeError`, from every form of put, at once even when a
 * bounded queue is full; the queue is left as it was and keeps working.
 *
 * Python code often puts `(priority, item)` tuples; in Kotlin, put `Pair`s with a comparator:
 * ```kotlin
 * val q = PriorityQueue<Pair<Int, String>>(comparator = compareBy { it.first })
 * q.put(3 to "low"); q.put(1 to "high"); q.put(1 to "high, second")
 * println(q.get())   // (1, high)
 * ```
 * ```java
 * PriorityQueue<Integer> q = new PriorityQueue<>();
 * q.put(5); q.put(1);
 * q.get();   // 1
 * PriorityQueue<String> byLength = new PriorityQueue<>(Comparator.comparing(String::length));
 * ```
 */
public class PriorityQueue<T> @JvmOverloads constructor(maxsize: Int = 0, comparator: Comparator<in T>? = null) :
    JoinableQueue<T>(maxsize, ItemStore.Priority(comparator)) {

    /**
     * An unbounded priority queue ordered by [comparator] (for Java: `new PriorityQueue<>(comparator)`).
     *
     * ```java
     * PriorityQueue<String> q = new PriorityQueue<>(Comparator.reverseOrder());
     * ```
     */
    public constructor(comparator: Comparator<in T>) : this(0, comparator)
}
