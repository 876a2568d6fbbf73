package dev.coprocessing.manager

import dev.coprocessing.KeyError
import java.util.function.BiConsumer
import java.util.function.BiFunction
import java.util.function.UnaryOperator

/**
 * A dict kept by a [Manager], as CPython's `DictProxy`: Python's dict API under Kotlin names, and a Kotlin
 * [MutableMap] too, so it can be passed to any Kotlin or Java code that takes a map. Made by [Manager.dict].
 *
 * **Atomicity.** Each single call is atomic: `d["count"] = 1`, `get`, `pop`, `setdefault`, `putIfAbsent`,
 * `compute` each see and leave the dict whole, whoever else uses it. A read-modify-write made of two calls is
 * not, as in CPython: `d["count"] = d["count"]!! - 1` from many processes loses updates. Hold a lock around it,
 * or use [update], which is one atomic call (beyond CPython): `d.update("count") { it - 1 }`.
 *
 * **Copies.** A value goes in as a copy and comes out as a copy, as CPython's proxies pickle it: lists, sets,
 * maps and arrays are copied (deeply), so `(d["xs"] as MutableList).add(1)` changes only the copy that was
 * read, never the dict (cpython#91192). Change a nested value with [update]: `d.update("xs") { it + 1 }`.
 * Strings, numbers and other objects are stored as they are; an object of your own with mutable fields is
 * shared, so store immutable values. A proxy stored in the dict stays a reference to its object, as in CPython.
 *
 * **Iteration** (`for ((k, v) in d)`, [keys], [values], [items], and the map views) reads a snapshot taken
 * when it starts: it never fails because another process changed the dict, and it does not see those changes.
 * Removing through a view's iterator removes that key from the dict; setting an entry's value sets it.
 *
 * Missing keys: `d[key]` (`get`) returns `null`, as a Kotlin map does; [getValue], [pop] and [update] throw
 * [KeyError], naming the key. After the manager has shut down, every call throws
 * `IllegalStateException("Manager has shut down")`.
 *
 * ```kotlin
 * manager {
 *     val d = dict(mapOf("count" to 100))
 *     d.update("count") { it - 1 }              // atomic
 *     println(d["count"])                       // 99
 * }
 * ```
 *
 * ```java
 * try (Manager m = new Manager()) {
 *     DictProxy<String, Integer> d = m.dict(Map.of("count", 100));
 *     d.update("count", n -> n - 1);
 * }
 * ```
 */
@Suppress("UNCHECKED_CAST")
public class DictProxy<K, V> internal constructor(internal val handle: Handle<Table>) : AbstractMutableMap<K, V>() {

    // ---- MutableMap ---------------------------------------------------------------------------------------

    /** The number of entries, as Python's `len(d)`. */
    override val size: Int get() = handle.call(DictOps.Size)

    override fun isEmpty(): Boolean = size == 0

    override fun containsKey(key: K): Boolean = handle.call(DictOps.ContainsKey(key))

    override fun containsValue(value: V): Boolean = handle.call(DictOps.ContainsValue(value))

    /** The value for [key] (a copy), or `null` when there is none: Kotlin's `d[key]`. */
    override fun get(key: K): V? = handle.call(DictOps.Get(key)) as V?

    /** Sets [key] to [value] and returns the value it had (a copy), or `null`. */
    override fun put(key: K, value: V): V? = handle.call(DictOps.Put(key, value)) as V?

    override fun remove(key: K): V? = handle.call(DictOps.Remove(key)) as V?

    /** Puts every entry of [from] in one atomic step. */
    override fun putAll(from: Map<out K, V>): Unit = handle.call(DictOps.PutAll(from.entries.map { it.key to it.value }))

    override fun clear(): Unit = handle.call(DictOps.Clear)

    /** The keys, as a view: reading it takes a snapshot; removing from it removes from the dict. */
    override val keys: MutableSet<K> get() = KeyView()

    /** The values, as a view over a snapshot; removing one through its iterator removes its key from the dict. */
    override val values: MutableCollection<V> get() = ValueView()

    /** The entries, as a view over a snapshot; `setValue` on an entry sets that key in the dict. */
    override val entries: MutableSet<MutableMap.MutableEntry<K, V>> get() = EntryView()

    override fun getOrDefault(key: K, defaultValue: V): V = get(key, defaultValue)

    override fun putIfAbsent(key: K, value: V): V? = handle.call(DictOps.PutIfAbsent(key, value)) as V?

    override fun remove(key: K, value: V): Boolean = handle.call(DictOps.RemoveEntry(key, value))

    override fun replace(key: K, value: V): V? = handle.call(DictOps.Replace(key, value)) as V?

    override fun replace(key: K, oldValue: V, newValue: V): Boolean = handle.call(DictOps.ReplaceIf(key, oldValue, newValue))

    /** Atomic, unlike the JDK's default: the whole dict is changed in one step. */
    override fun replaceAll(function: BiFunction<in K, in V, out V>): Unit =
        handle.call(DictOps.ReplaceAll(function as BiFunction<Any?, Any?, Any?>))

    /** Atomic, unlike the JDK's default: [mappingFunction] runs under the dict's lock. */
    override fun computeIfAbsent(key: K, mappingFunction: java.util.function.Function<in K, out V>): V =
        handle.call(DictOps.ComputeIfAbsent(key, mappingFunction as java.util.function.Function<Any?, Any?>)) as V

    /** Atomic, unlike the JDK's default: [remappingFunction] runs under the dict's lock. */
    override fun computeIfPresent(key: K, remappingFunction: BiFunction<in K, in V & Any, out V?>): V? =
        handle.call(DictOps.ComputeIfPresent(key, remappingFunction as BiFunction<Any?, Any?, Any?>)) as V?

    /** Atomic, unlike the JDK's default: [remappingFunction] runs under the dict's lock. */
    override fun compute(key: K, remappingFunction: BiFunction<in K, in V?, out V?>): V? =
        handle.call(DictOps.Compute(key, remappingFunction as BiFunction<Any?, Any?, Any?>)) as V?

    /** Atomic, unlike the JDK's default: [remappingFunction] runs under the dict's lock. */
    override fun merge(key: K, value: V & Any, remappingFunction: BiFunction<in V & Any, in V & Any, out V?>): V? =
        handle.call(DictOps.Merge(key, value, remappingFunction as BiFunction<Any?, Any?, Any?>)) as V?

    /** Runs [action] on each entry of a snapshot. */
    override fun forEach(action: BiConsumer<in K, in V>) {
        for ((key, value) in snapshot()) action.accept(key as K, value as V)
    }

    // ---- Python's dict -----------------------------------------------------------------------------------

    /**
     * Sets [key] to a copy of [value]: Python's `d[key] = value`. Atomic.
     *
     * ```kotlin
     * d["count"] = 100
     * ```
     */
    public operator fun set(key: K, value: V): Unit = handle.call(DictOps.Set(key, value))

    /**
     * The value for [key], or [default] when there is none, as Python's `d.get(key, default)`.
     *
     * ```kotlin
     * val n = d.get("count", 0)
     * ```
     */
    public fun get(key: K, default: V): V {
        val found = handle.call(DictOps.Lookup(key))
        return if (found === Missing) default else found as V
    }

    /**
     * The value for [key], as Python's `d[key]`: throws [KeyError] naming the key when there is none.
     *
     * ```kotlin
     * val n = d.getValue("count")
     * ```
     */
    public fun getValue(key: K): V {
        val found = handle.call(DictOps.Lookup(key))
        if (found === Missing) throw missing(key)
        return found as V
    }

    /**
     * The keys, as a list read in one step: Python's `d.keys()`.
     *
     * ```kotlin
     * for (k in d.keys()) println(k)
     * ```
     */
    public fun keys(): List<K> = handle.call(DictOps.Keys) as List<K>

    /**
     * The values, as a list read in one step: Python's `d.values()` (Java: `valueList()`; Java's `values()` is
     * the map's view).
     *
     * ```kotlin
     * val total = d.values().sum()
     * ```
     */
    @JvmName("valueList")
    public fun values(): List<V> = handle.call(DictOps.Values) as List<V>

    /**
     * The entries as pairs, read in one step: Python's `d.items()`.
     *
     * ```kotlin
     * for ((k, v) in d.items()) println("$k=$v")
     * ```
     */
    public fun items(): List<Pair<K, V>> = snapshot()

    /**
     * Removes [key] and returns its value, as Python's `d.pop(key)`; throws [KeyError] when there is none.
     *
     * ```kotlin
     * val last = d.pop("count")
     * ```
     */
    public fun pop(key: K): V {
        val found = handle.call(DictOps.Pop(key))
        if (found === Missing) throw missing(key)
        return found as V
    }

    /**
     * Removes [key] and returns its value, or [default] when there is none, as Python's `d.pop(key, default)`.
     *
     * ```kotlin
     * val n = d.pop("count", 0)
     * ```
     */
    public fun pop(key: K, default: V): V {
        val found = handle.call(DictOps.Pop(key))
        return if (found === Missing) default else found as V
    }

    /**
     * Removes and returns the entry put last, as Python's `d.popitem()`; throws [KeyError] when the dict is empty.
     *
     * ```kotlin
     * val (key, value) = d.popitem()
     * ```
     */
    public fun popitem(): Pair<K, V> {
        val found = handle.call(DictOps.PopItem)
        if (found === Missing) {
            throw KeyError(null, "popitem(): ${handle.described} is empty; check isEmpty() or len() before popitem()")
        }
        return found as Pair<K, V>
    }

    /**
     * The value for [key]; when there is none, sets it to [default] and returns that: Python's
     * `d.setdefault(key, default)`. Atomic.
     *
     * ```kotlin
     * d.setdefault("count", 0)
     * ```
     */
    public fun setdefault(key: K, default: V): V = handle.call(DictOps.SetDefault(key, default)) as V

    /**
     * Puts every entry of [other], in one atomic step: Python's `d.update(other)`.
     *
     * ```kotlin
     * d.update(mapOf("a" to 1, "b" to 2))
     * ```
     */
    public fun update(other: Map<out K, V>): Unit = putAll(other)

    /**
     * Puts every pair of [pairs], in one atomic step: Python's `d.update([(k, v), ...])`.
     *
     * ```kotlin
     * d.update(listOf("a" to 1, "b" to 2))
     * ```
     */
    public fun update(pairs: Iterable<Pair<K, V>>): Unit = handle.call(DictOps.PutAll(pairs.toList()))

    /**
     * Replaces the value for [key] with `transform(value)` in one atomic step, and returns the new value: the
     * read-modify-write that `d[key] = f(d[key])` is not (beyond CPython). [transform] gets a copy of the value
     * and runs under the dict's lock, so keep it short and never wait in it. Throws [KeyError] when there is no
     * [key], changing nothing; an exception from [transform] changes nothing and is rethrown.
     *
     * ```kotlin
     * d.update("count") { it - 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(key: K, transform: (V) -> V): V {
        val result = handle.call(DictOps.Update(key, false, null) { transform(it as V) })
        if (result === Missing) throw missing(key)
        return result as V
    }

    /**
     * [update] for Java (Java: `update(key, UnaryOperator)`).
     *
     * ```java
     * d.update("count", n -> n - 1);
     * ```
     */
    public fun update(key: K, transform: UnaryOperator<V>): V = update(key) { transform.apply(it) }

    /**
     * Replaces the value for [key] with `transform(value)` atomically, starting from [default] when there is no
     * [key]; returns the new value.
     *
     * ```kotlin
     * d.update("hits", 0) { it + 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(key: K, default: V, transform: (V) -> V): V =
        handle.call(DictOps.Update(key, true, default) { transform(it as V) }) as V

    /**
     * [update] with a default, for Java (Java: `update(key, default, UnaryOperator)`).
     *
     * ```java
     * d.update("hits", 0, n -> n + 1);
     * ```
     */
    public fun update(key: K, default: V, transform: UnaryOperator<V>): V = update(key, default) { transform.apply(it) }

    /**
     * A plain map holding a copy of every entry, read in one step: Python's `d.copy()`.
     *
     * ```kotlin
     * val frozen: Map<String, Int> = d.copy()
     * ```
     */
    public fun copy(): MutableMap<K, V> = snapshot().toMap(LinkedHashMap())

    /**
     * The number of entries, as Python's `len(d)`; the same as [size].
     *
     * ```kotlin
     * println(d.len())
     * ```
     */
    public fun len(): Int = size

    override fun equals(other: Any?): Boolean = other === this || (other is Map<*, *> && copy() == other)

    override fun hashCode(): Int = copy().hashCode()

    /** The entries as Kotlin writes a map: `{count=5}`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<DictProxy ${handle.described} of a Manager that has shut down>" else copy().toString()

    // ---- views -------------------------------------------------------------------------------------------

    private fun snapshot(): List<Pair<K, V>> = handle.call(DictOps.Items) as List<Pair<K, V>>

    private fun missing(key: K) = KeyError(
        key,
        "${reprOf(key)} is not a key of ${handle.described}; use get(key) or get(key, default) for a key that may be " +
            "missing, or update(key, default) { }",
    )

    /** An iterator over [items] whose `remove()` removes the key of the item last returned from the dict. */
    private inner class SnapshotIterator<E>(private val items: List<Pair<K, V>>, private val element: (Pair<K, V>) -> E) :
        MutableIterator<E> {
        private var index = 0
        private var removable = false

        override fun hasNext(): Boolean = index < items.size

        override fun next(): E {
            if (index >= items.size) throw NoSuchElementException("the snapshot of ${handle.described} has no more items")
            removable = true
            return element(items[index++])
        }

        override fun remove() {
            check(removable) { "remove() needs a next() before it, once per next()" }
            removable = false
            this@DictProxy.remove(items[index - 1].first)
        }
    }

    private inner class Entry(override val key: K, private var current: V) : MutableMap.MutableEntry<K, V> {
        override val value: V get() = current

        override fun setValue(newValue: V): V = current.also {
            this@DictProxy[key] = newValue
            current = newValue
        }

        override fun equals(other: Any?): Boolean = other is Map.Entry<*, *> && other.key == key && other.value == current

        override fun hashCode(): Int = key.hashCode() xor current.hashCode()

        override fun toString(): String = "$key=$current"
    }

    private inner class EntryView : AbstractMutableSet<MutableMap.MutableEntry<K, V>>() {
        override val size: Int get() = this@DictProxy.size

        override fun contains(element: MutableMap.MutableEntry<K, V>): Boolean =
            handle.call(DictOps.ContainsEntry(element.key, element.value))

        override fun remove(element: MutableMap.MutableEntry<K, V>): Boolean = remove(element.key, element.value)

        override fun iterator(): MutableIterator<MutableMap.MutableEntry<K, V>> =
            SnapshotIterator(snapshot()) { (key, value) -> Entry(key, value) }

        override fun add(element: MutableMap.MutableEntry<K, V>): Boolean =
            throw UnsupportedOperationException("add to the dict itself: d[key] = value, or put(key, value)")
    }

    private inner class KeyView : AbstractMutableSet<K>() {
        override val size: Int get() = this@DictProxy.size

        override fun contains(element: K): Boolean = containsKey(element)

        override fun remove(element: K): Boolean = handle.call(DictOps.Pop(element)) !== Missing

        override fun iterator(): MutableIterator<K> = SnapshotIterator(snapshot()) { it.first }

        override fun add(element: K): Boolean =
            throw UnsupportedOperationException("a key is added with its value: d[key] = value, or put(key, value)")
    }

    private inner class ValueView : AbstractMutableCollection<V>() {
        override val size: Int get() = this@DictProxy.size

        override fun contains(element: V): Boolean = containsValue(element)

        override fun iterator(): MutableIterator<V> = SnapshotIterator(snapshot()) { it.second }

        override fun add(element: V): Boolean =
            throw UnsupportedOperationException("a value is added with its key: d[key] = value, or put(key, value)")
    }
}
