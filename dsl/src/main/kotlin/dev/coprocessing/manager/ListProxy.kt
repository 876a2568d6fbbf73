package dev.coprocessing.manager

import java.util.Collections
import java.util.function.Predicate
import java.util.function.UnaryOperator

/**
 * A list kept by a [Manager], as CPython's `ListProxy`: Python's list API under Kotlin names, and a Kotlin
 * [MutableList] too, so it can be passed to any Kotlin or Java code that takes a list. Made by [Manager.list].
 *
 * Each single call is atomic (`append`, `pop`, `sort`, `removeIf`, `l[i] = x`); a read-modify-write made of
 * two calls (`l[0] = l[0] + 1`) is not, as in CPython: hold a lock, or use [update]. Values go in and come out
 * as copies, as in [DictProxy]: change a nested value with [update]. Iterating reads a snapshot taken when it
 * starts; its iterators are read-only (remove through the list: `remove`, `removeAt`, `removeIf`).
 *
 * Indexes are the JVM's, from 0 to `size - 1`: Python's negative indexes are not read from the end, and an
 * index out of range throws `IndexOutOfBoundsException` ("list index out of range", as CPython's IndexError
 * says). [remove] returns `false` for a missing value where Python raises; [index] throws
 * `IllegalArgumentException` as Python's `ValueError`. After the manager has shut down, every call throws
 * `IllegalStateException("Manager has shut down")`.
 *
 * ```kotlin
 * manager {
 *     val l = list(listOf(3, 1, 2))
 *     l.append(0)
 *     l.sort()
 *     println(l)        // [0, 1, 2, 3]
 * }
 * ```
 *
 * ```java
 * ListProxy<Integer> l = manager.list(List.of(3, 1, 2));
 * l.append(0);
 * ```
 */
@Suppress("UNCHECKED_CAST")
public class ListProxy<T> internal constructor(internal val handle: Handle<Items>) : AbstractMutableList<T>() {

    // ---- MutableList -------------------------------------------------------------------------------------

    /** The number of items, as Python's `len(l)`. */
    override val size: Int get() = handle.call(ListOps.Size)

    /** The item at [index] (a copy); out of range, `IndexOutOfBoundsException`. */
    override fun get(index: Int): T = checked(handle.call(ListOps.Get(index)), "list index out of range") as T

    /** Sets the item at [index]: Python's `l[i] = x`; returns the item it replaced. */
    override fun set(index: Int, element: T): T =
        checked(handle.call(ListOps.Set(index, element)), "list assignment index out of range") as T

    /** Inserts at [index], from 0 to `size`; otherwise `IndexOutOfBoundsException` (see [insert] for Python's). */
    override fun add(index: Int, element: T) {
        handle.call(ListOps.Insert(index, element, clamp = false))?.let { checked(it, "list index out of range") }
    }

    override fun add(element: T): Boolean {
        handle.call(ListOps.Append(element))
        return true
    }

    override fun addAll(elements: Collection<T>): Boolean {
        handle.call(ListOps.Extend(elements.toList()))
        return elements.isNotEmpty()
    }

    override fun addAll(index: Int, elements: Collection<T>): Boolean {
        if (index < 0) checked(OutOfRange(index, size), "list index out of range")
        handle.call(ListOps.Extend(elements.toList(), index))?.let { checked(it, "list index out of range") }
        return elements.isNotEmpty()
    }

    override fun removeAt(index: Int): T = checked(handle.call(ListOps.RemoveAt(index)), "pop index out of range") as T

    /** Removes the first item equal to [element]; `false` when there is none (Python's `remove` raises). */
    override fun remove(element: T): Boolean = handle.call(ListOps.Remove(element))

    override fun removeAll(elements: Collection<T>): Boolean = handle.call(ListOps.RemoveAll(elements.toList()))

    override fun retainAll(elements: Collection<T>): Boolean = handle.call(ListOps.RetainAll(elements.toList()))

    /** Atomic: the items [filter] accepts are removed in one step. */
    override fun removeIf(filter: Predicate<in T>): Boolean = handle.call(ListOps.RemoveIf(filter as Predicate<Any?>))

    /** Atomic: every item is replaced in one step. */
    override fun replaceAll(operator: UnaryOperator<T>): Unit = handle.call(ListOps.ReplaceAll(operator as UnaryOperator<Any?>))

    /**
     * Sorts in one step, by [c] (natural order when `null`): Java's `list.sort(comparator)`; in Kotlin,
     * `sortWith(comparator)` reaches it.
     */
    override fun sort(c: Comparator<in T>?): Unit = handle.call(ListOps.Sort(c as Comparator<Any?>?, descending = false))

    override fun clear(): Unit = handle.call(ListOps.Clear)

    override fun contains(element: T): Boolean = handle.call(ListOps.Contains(element))

    override fun indexOf(element: T): Int = handle.call(ListOps.IndexOf(element))

    override fun lastIndexOf(element: T): Int = handle.call(ListOps.IndexOf(element, last = true))

    /** Iterates over a snapshot taken now; read-only. */
    override fun iterator(): MutableIterator<T> = readOnlySnapshot().iterator()

    override fun listIterator(): MutableListIterator<T> = readOnlySnapshot().listIterator()

    override fun listIterator(index: Int): MutableListIterator<T> = readOnlySnapshot().listIterator(index)

    // ---- Python's list -----------------------------------------------------------------------------------

    /**
     * Adds [item] at the end: Python's `l.append(x)`.
     *
     * ```kotlin
     * l.append(4)
     * ```
     */
    public fun append(item: T): Unit = handle.call(ListOps.Append(item))

    /**
     * Adds every item of [items] at the end, in one atomic step: Python's `l.extend(items)`.
     *
     * ```kotlin
     * l.extend(listOf(5, 6))
     * ```
     */
    public fun extend(items: Iterable<T>) {
        handle.call(ListOps.Extend(items.toList()))
    }

    /**
     * Inserts [item] before [index], as Python's `l.insert(i, x)`: an index past the end appends, one below 0
     * inserts first.
     *
     * ```kotlin
     * l.insert(0, -1)
     * ```
     */
    public fun insert(index: Int, item: T) {
        handle.call(ListOps.Insert(index, item, clamp = true))
    }

    /**
     * The index of the first item equal to [item] in `[start, end)`, as Python's `l.index(x, start, end)`;
     * throws `IllegalArgumentException` ("x is not in list") when there is none.
     *
     * ```kotlin
     * val i = l.index(3)
     * ```
     */
    @JvmOverloads
    public fun index(item: T, start: Int = 0, end: Int = Int.MAX_VALUE): Int {
        val at = handle.call(ListOps.IndexOf(item, start, end))
        require(at >= 0) { "${reprOf(item)} is not in list ${handle.name}; check contains(x) first, or use indexOf(x), which returns -1" }
        return at
    }

    /**
     * How many items equal [item]: Python's `l.count(x)`.
     *
     * ```kotlin
     * val n = l.count(3)
     * ```
     */
    public fun count(item: T): Int = handle.call(ListOps.Count(item))

    /**
     * Reverses the list in place, in one atomic step: Python's `l.reverse()`.
     *
     * ```kotlin
     * l.reverse()
     * ```
     */
    public fun reverse(): Unit = handle.call(ListOps.Reverse)

    /**
     * Sorts the list in natural order (its items must be `Comparable`), descending when [reverse], in one
     * atomic step: Python's `l.sort(reverse=False)`. To sort by a comparator, as Python's `key`, call
     * `sortWith(comparator)` (Java: `sort(comparator)`), also one atomic step.
     *
     * ```kotlin
     * l.sort(reverse = true)
     * ```
     */
    @JvmOverloads
    public fun sort(reverse: Boolean = false): Unit = handle.call(ListOps.Sort(null, reverse))

    /**
     * Removes and returns the last item: Python's `l.pop()`; an empty list throws `IndexOutOfBoundsException`
     * ("pop from empty list").
     *
     * ```kotlin
     * val last = l.pop()
     * ```
     */
    public fun pop(): T = checked(handle.call(ListOps.RemoveAt(null)), "pop from empty list") as T

    /**
     * Removes and returns the item at [index]: Python's `l.pop(i)`; out of range, `IndexOutOfBoundsException`.
     *
     * ```kotlin
     * val first = l.pop(0)
     * ```
     */
    public fun pop(index: Int): T = removeAt(index)

    /**
     * Replaces the item at [index] with `transform(item)` in one atomic step, and returns the new item: the
     * read-modify-write `l[i] = f(l[i])` is not atomic (beyond CPython). [transform] gets a copy and runs under
     * the list's lock; out of range, `IndexOutOfBoundsException`.
     *
     * ```kotlin
     * l.update(0) { it + 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(index: Int, transform: (T) -> T): T =
        checked(handle.call(ListOps.Update(index) { transform(it as T) }), "list index out of range") as T

    /**
     * [update] for Java (Java: `update(index, UnaryOperator)`).
     *
     * ```java
     * l.update(0, n -> n + 1);
     * ```
     */
    public fun update(index: Int, transform: UnaryOperator<T>): T = update(index) { transform.apply(it) }

    /**
     * The number of items, as Python's `len(l)`; the same as [size].
     *
     * ```kotlin
     * println(l.len())
     * ```
     */
    public fun len(): Int = size

    /**
     * A plain list holding a copy of every item, read in one step: Python's `l.copy()` (or `l[:]`).
     *
     * ```kotlin
     * val frozen: List<Int> = l.copy()
     * ```
     */
    public fun copy(): MutableList<T> = handle.call(ListOps.Snapshot).toMutableList() as MutableList<T>

    override fun equals(other: Any?): Boolean = other === this || (other is List<*> && copy() == other)

    override fun hashCode(): Int = copy().hashCode()

    /** The items as Kotlin writes a list: `[1, 2, 3]`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<ListProxy ${handle.described} of a Manager that has shut down>" else copy().toString()

    private fun readOnlySnapshot(): MutableList<T> = Collections.unmodifiableList(copy())

    /** [result] unless it says the index was out of range: then `IndexOutOfBoundsException` with CPython's [words]. */
    private fun checked(result: Any?, words: String): Any? {
        if (result is OutOfRange) {
            throw IndexOutOfBoundsException(
                "$words: index ${result.index}, but ${handle.described} has ${result.size} item(s); indexes run " +
                    "from 0 to size - 1 (Python's negative indexes are not read from the end)",
            )
        }
        return result
    }
}
