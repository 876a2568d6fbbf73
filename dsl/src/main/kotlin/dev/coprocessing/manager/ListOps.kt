package dev.coprocessing.manager

import java.util.function.Predicate

/** A list's state. */
internal typealias Items = ArrayList<Any?>

/** What an op returns for an index outside the list, so that the proxy can name the list and the index. */
internal class OutOfRange(val index: Int, val size: Int)

/** The operations of a managed list, each one atomic (see [StateOp]); values go in and come out as copies. */
internal object ListOps {
    object Size : StateOp<Items, Int> {
        override fun applyTo(target: Items): Int = target.size
    }

    class Get(private val index: Int) : StateOp<Items, Any?> {
        override fun applyTo(target: Items): Any? =
            if (index in target.indices) Copies.of(target[index]) else OutOfRange(index, target.size)
    }

    class Set(private val index: Int, private val value: Any?) : StateOp<Items, Any?> {
        override fun applyTo(target: Items): Any? =
            if (index in target.indices) Copies.of(target.set(index, Copies.of(value))) else OutOfRange(index, target.size)
    }

    class Append(private val value: Any?) : StateOp<Items, Unit> {
        override fun applyTo(target: Items) {
            target.add(Copies.of(value))
        }
    }

    /** Inserts at [index]; [clamp] as Python's `insert` does (past the end appends), otherwise out of range fails. */
    class Insert(private val index: Int, private val value: Any?, private val clamp: Boolean) : StateOp<Items, OutOfRange?> {
        override fun applyTo(target: Items): OutOfRange? {
            val at = if (clamp) index.coerceIn(0, target.size) else index
            if (at !in 0..target.size) return OutOfRange(index, target.size)
            target.add(at, Copies.of(value))
            return null
        }
    }

    class Extend(private val values: List<Any?>, private val index: Int = -1) : StateOp<Items, OutOfRange?> {
        override fun applyTo(target: Items): OutOfRange? {
            val copies = values.map(Copies::of)
            if (index < 0) {
                target.addAll(copies)
            } else {
                if (index > target.size) return OutOfRange(index, target.size)
                target.addAll(index, copies)
            }
            return null
        }
    }

    /** Removes at [index]; `null` [index] is the last item (Python's `pop()`). */
    class RemoveAt(private val index: Int?) : StateOp<Items, Any?> {
        override fun applyTo(target: Items): Any? {
            val at = index ?: target.lastIndex
            return if (at in target.indices) Copies.of(target.removeAt(at)) else OutOfRange(at, target.size)
        }
    }

    class Remove(private val value: Any?) : StateOp<Items, Boolean> {
        override fun applyTo(target: Items): Boolean = target.remove(value)
    }

    class RemoveIf(private val predicate: Predicate<Any?>) : StateOp<Items, Boolean> {
        override fun applyTo(target: Items): Boolean = target.removeIf { predicate.test(Copies.of(it)) }
    }

    class RemoveAll(private val values: Collection<Any?>) : StateOp<Items, Boolean> {
        override fun applyTo(target: Items): Boolean = target.removeAll(values.toSet())
    }

    class RetainAll(private val values: Collection<Any?>) : StateOp<Items, Boolean> {
        override fun applyTo(target: Items): Boolean = target.retainAll(values.toSet())
    }

    object Clear : StateOp<Items, Unit> {
        override fun applyTo(target: Items): Unit = target.clear()
    }

    class Contains(private val value: Any?) : StateOp<Items, Boolean> {
        override fun applyTo(target: Items): Boolean = target.contains(value)
    }

    /** The first index of [value] in `[start, end)`, or -1; [last] searches from the end of the whole list. */
    class IndexOf(private val value: Any?, private val start: Int = 0, private val end: Int = Int.MAX_VALUE, private val last: Boolean = false) :
        StateOp<Items, Int> {
        override fun applyTo(target: Items): Int {
            if (last) return target.lastIndexOf(value)
            val from = start.coerceIn(0, target.size)
            val to = end.coerceIn(from, target.size)
            for (i in from until to) if (target[i] == value) return i
            return -1
        }
    }

    class Count(private val value: Any?) : StateOp<Items, Int> {
        override fun applyTo(target: Items): Int = target.count { it == value }
    }

    object Reverse : StateOp<Items, Unit> {
        override fun applyTo(target: Items): Unit = target.reverse()
    }

    /** Sorts by [comparator], or by natural order when it is `null`; [descending] as Python's `reverse=True`. */
    class Sort(private val comparator: Comparator<Any?>?, private val descending: Boolean) : StateOp<Items, Unit> {
        @Suppress("UNCHECKED_CAST")
        override fun applyTo(target: Items) {
            val order = comparator ?: Comparator { a, b -> (a as Comparable<Any?>).compareTo(b) }
            target.sortWith(if (descending) order.reversed() else order)
        }
    }

    class Update(private val index: Int, private val transform: (Any?) -> Any?) : StateOp<Items, Any?> {
        override fun applyTo(target: Items): Any? {
            if (index !in target.indices) return OutOfRange(index, target.size)
            val new = transform(Copies.of(target[index]))
            target[index] = Copies.of(new)
            return new
        }
    }

    class ReplaceAll(private val transform: java.util.function.UnaryOperator<Any?>) : StateOp<Items, Unit> {
        override fun applyTo(target: Items) {
            for (i in target.indices) target[i] = Copies.of(transform.apply(Copies.of(target[i])))
        }
    }

    object Snapshot : StateOp<Items, List<Any?>> {
        override fun applyTo(target: Items): List<Any?> = target.map(Copies::of)
    }
}
