package dev.coprocessing.queue

import java.util.TreeSet

/** Where a queue keeps its items; the order they come out in is the only difference between queue kinds. */
internal sealed interface ItemStore<T> {
    val size: Int

    /** Adds [item]; throws, leaving the store unchanged, if it cannot be ordered. */
    fun add(item: T)

    /** Throws what [add] would if [item] can never be ordered, before a caller waits for room to add it. */
    fun check(item: T) {}

    /** Removes and returns the next item; the store is not empty. */
    fun remove(): T

    fun clear()

    /** First in, first out, as `queue.Queue` and `multiprocessing.Queue`. */
    class Fifo<T> : ItemStore<T> {
        private val items = ArrayDeque<T>()
        override val size: Int get() = items.size
        override fun add(item: T) = items.addLast(item)
        override fun remove(): T = items.removeFirst()
        override fun clear() = items.clear()
    }

    /** Last in, first out, as `queue.LifoQueue`. */
    class Lifo<T> : ItemStore<T> {
        private val items = ArrayDeque<T>()
        override val size: Int get() = items.size
        override fun add(item: T) = items.addLast(item)
        override fun remove(): T = items.removeLast()
        override fun clear() = items.clear()
    }

    /**
     * Lowest first, as `queue.PriorityQueue`; equal items come out in the order they were put. A tree rather
     * than a heap: a tree compares before it changes anything, so an item that cannot be compared leaves the
     * queue intact (`java.util.PriorityQueue` is left corrupted by a throwing comparison).
     */
    class Priority<T>(comparator: Comparator<in T>?) : ItemStore<T> {
        private class Entry<T>(val item: T, val sequence: Long)

        private val order: Comparator<in T> = comparator ?: naturalOrder
        private val entries = TreeSet<Entry<T>> { a, b ->
            val byItem = order.compare(a.item, b.item)
            if (byItem != 0) byItem else a.sequence.compareTo(b.sequence)
        }
        private var sequence = 0L
        private val comparing = comparator != null

        override val size: Int get() = entries.size

        override fun add(item: T) {
            ordering(item) { entries.add(Entry(item, sequence)) }
            sequence++
        }

        // An item that cannot be compared with itself cannot be compared with anything: refuse it at once.
        override fun check(item: T) {
            ordering(item) { order.compare(item, item) }
        }

        /**
         * Runs [compare] on [item], turning what a comparison throws for an item it cannot order (a comparator's
         * or `compareTo`'s `ClassCastException` or `NullPointerException`) into `IllegalArgumentException`, as
         * CPython raises `TypeError`.
         */
        private inline fun ordering(item: T, compare: () -> Unit) {
            require(comparing || item is Comparable<*>) {
                "PriorityQueue items must be Comparable, or the queue needs a comparator: " +
                    "got ${item?.javaClass?.name ?: "null"} ($item); " +
                    "create it as PriorityQueue(comparator = ...) or put Comparable items, such as Pair(priority, item) " +
                    "with a comparator compareBy { it.first }"
            }
            try {
                compare()
            } catch (e: ClassCastException) {
                throw IllegalArgumentException(
                    "'<' not supported: $item cannot be compared with the items already queued (${e.message}); " +
                        "give the PriorityQueue a comparator that orders every kind of item it holds",
                    e,
                )
            } catch (e: NullPointerException) {
                throw IllegalArgumentException(
                    if (item == null) {
                        "PriorityQueue cannot order null with its comparator (${e.message ?: "NullPointerException"}); " +
                            "put non-null items, or give it a comparator that accepts null, " +
                            "such as Comparator.nullsFirst(Comparator.naturalOrder())"
                    } else {
                        "'<' not supported: $item cannot be compared with the items already queued " +
                            "(${e.message ?: "NullPointerException"}); " +
                            "give the PriorityQueue a comparator that orders every item it holds, null parts included"
                    },
                    e,
                )
            }
        }

        override fun remove(): T = entries.pollFirst()!!.item
        override fun clear() = entries.clear()

        private companion object {
            @Suppress("UNCHECKED_CAST")
            val naturalOrder: Comparator<Any?> = Comparator { a, b -> (a as Comparable<Any?>).compareTo(b) }
        }
    }
}
