package dev.coprocessing.hazelcast

import com.hazelcast.collection.IList
import com.hazelcast.map.EntryProcessor
import com.hazelcast.map.IMap

/**
 * The cluster's manager, as `multiprocessing.Manager()`: shared objects by name, held by the members rather
 * than by a server process. Nothing to start or shut down: every object lives as long as the cluster (or until
 * it is cleared).
 *
 * ```kotlin
 * val manager = ctx.Manager()
 * val counts = manager.dict<String, Int>("counts")
 * counts["seen"] = 0
 * counts.update("seen") { it + 1 }
 * ```
 */
public class ClusterManager internal constructor(private val ctx: HazelcastContext) {
    /**
     * The cluster's dict [name] (an `IMap`).
     *
     * ```kotlin
     * val d = manager.dict<String, Int>("counts")
     * ```
     */
    public fun <K : Any, V> dict(name: String): ClusterDict<K, V> = ClusterDict(ctx, name)

    /**
     * The cluster's list [name] (an `IList`).
     *
     * ```kotlin
     * val log = manager.list<String>("log")
     * ```
     */
    public fun <T> list(name: String): ClusterList<T> = ClusterList(ctx, name)

    /**
     * The cluster's value [name], set to [initial] if it has none yet (an entry of the `IMap`
     * "coprocessing.values").
     *
     * ```kotlin
     * val tickets = manager.Value("tickets", 10)
     * ```
     */
    public fun <T> Value(name: String, initial: T): ClusterValue<T> =
        ClusterValue<T>(ctx, name).also { it.setIfAbsent(initial) }

    /** The cluster's lock [name] (see [HazelcastContext.Lock]). ```kotlin val lock = manager.Lock("tickets") ``` */
    public fun Lock(name: String): ClusterLock = ctx.Lock(name)

    /** The cluster's event [name] (see [HazelcastContext.Event]). ```kotlin val go = manager.Event("go") ``` */
    public fun Event(name: String): ClusterEvent = ctx.Event(name)

    /** The cluster's queue [name] (see [HazelcastContext.Queue]). ```kotlin val q = manager.Queue<Int>("q") ``` */
    @JvmOverloads
    public fun <T> Queue(name: String, maxsize: Int = 0): ClusterQueue<T> = ctx.Queue(name, maxsize)

    override fun toString(): String = "<ClusterManager of $ctx>"
}

/**
 * A transformation of a stored value that crosses to the member holding it: the function of
 * [ClusterDict.update] and [ClusterValue.update], serializable so that a Kotlin lambda for it crosses.
 *
 * ```kotlin
 * counts.update("seen") { it + 1 }
 * ```
 */
public fun interface Update<V> : java.io.Serializable {
    /** The new value, from the [old] one. */
    public fun apply(old: V): V
}

/**
 * A dict of the cluster, by name: an `IMap`. Each single operation is atomic; `d[k] = d[k]!! + 1` is not (as in
 * CPython), and [update] is: it runs on the member that owns the key, as one entry processor.
 *
 * **Under a member crash.** Entries have a synchronous backup on another member (backup count 1, Hazelcast's
 * default): a crash loses no entry written before it; an `update` whose member crashes mid-call may be
 * retried by Hazelcast on the new owner, so the function may run twice, but its result is stored once.
 *
 * ```kotlin
 * val stock = ctx.Manager().dict<String, Int>("stock")
 * stock["apples"] = 3
 * stock.update("apples") { it - 1 }
 * println(stock["apples"]) // 2
 * ```
 */
public class ClusterDict<K : Any, V> internal constructor(
    private val ctx: HazelcastContext,
    /** Its name in the cluster: the same name is the same object on every member. */
    public val name: String,
) : java.io.Serializable {
    private val map: IMap<K, Any?> = ctx.instance.getMap(name)

    /** The value of [key], or `null` when it has none. ```kotlin val n = d["seen"] ``` */
    public operator fun get(key: K): V? = NullItem.unwrap(map[key])

    /**
     * The value of [key], or `NoSuchElementException` (Python's `KeyError`) when it has none.
     *
     * ```kotlin
     * val n = d.getValue("seen")
     * ```
     */
    public fun getValue(key: K): V {
        val stored = map[key] ?: throw NoSuchElementException("KeyError: $key (dict '$name')")
        return NullItem.unwrap(stored)
    }

    /** Sets [key] to [value]. ```kotlin d["seen"] = 1 ``` */
    public operator fun set(key: K, value: V) {
        crossing(value, { "the value of '$key' in dict '$name'" }) { map.set(key, NullItem.wrap(value)) }
    }

    /** Whether [key] has a value. ```kotlin if ("seen" in d) println("yes") ``` */
    public operator fun contains(key: K): Boolean = map.containsKey(key)

    /** Removes [key]: its value, or `null` when it had none. ```kotlin d.remove("seen") ``` */
    public fun remove(key: K): V? = NullItem.unwrap(map.remove(key))

    /**
     * The value of [key] if it has one; otherwise sets it to [default] and returns that, atomically.
     *
     * ```kotlin
     * d.setdefault("seen", 0)
     * ```
     */
    public fun setdefault(key: K, default: V): V {
        val before = crossing(default, { "the value of '$key' in dict '$name'" }) { map.putIfAbsent(key, NullItem.wrap(default)) }
        return NullItem.unwrap(before ?: NullItem.wrap(default))
    }

    /**
     * Replaces the value of [key] with [transform] of it, atomically, on the member that owns the key; returns
     * the new value. Throws `NoSuchElementException` when [key] has no value.
     *
     * ```kotlin
     * d.update("seen") { it + 1 }
     * ```
     */
    public fun update(key: K, transform: Update<V>): V = apply(key, transform, null, hasDefault = false)

    /**
     * As [update], starting from [default] when [key] has no value yet.
     *
     * ```kotlin
     * d.update("seen", 0) { it + 1 }
     * ```
     */
    public fun update(key: K, default: V, transform: Update<V>): V = apply(key, transform, default, hasDefault = true)

    @Suppress("UNCHECKED_CAST")
    private fun apply(key: K, transform: Update<V>, default: V?, hasDefault: Boolean): V {
        val outcome = crossing(transform, { "the update of '$key' in dict '$name'" }) {
            map.executeOnKey<Any?>(key, Apply(transform as Update<Any?>, NullItem.wrap(default), hasDefault) as EntryProcessor<K, Any?, Any?>)
        }
        if (outcome === Missing) throw NoSuchElementException("KeyError: $key (dict '$name'): pass a default to update() to start from one")
        return NullItem.unwrap(outcome)
    }

    /** The keys now. ```kotlin d.keys() ``` */
    public fun keys(): List<K> = map.keys.toList()

    /** The values now. ```kotlin d.values() ``` */
    public fun values(): List<V> = map.values.map { NullItem.unwrap(it) }

    /** The entries now. ```kotlin d.items() ``` */
    public fun items(): List<Pair<K, V>> = map.entries.map { it.key to NullItem.unwrap(it.value) }

    /** A copy of the dict now, as a local map. ```kotlin val local = d.copy() ``` */
    public fun copy(): Map<K, V> = items().toMap(LinkedHashMap())

    /** How many entries it has. ```kotlin d.len() ``` */
    public fun len(): Int = map.size

    /** Removes every entry. ```kotlin d.clear() ``` */
    public fun clear(): Unit = map.clear()

    private fun writeReplace(): Any = NamedRef("dict", name, 0)

    override fun toString(): String = "<ClusterDict '$name'>"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** The answer of [Apply] for a key with no value and no default. */
internal object Missing : java.io.Serializable {
    private const val serialVersionUID = 1L
    private fun readResolve(): Any = Missing
}

/**
 * [Update] as an entry processor: it runs the function once, on the key's owner, and hands the backup the value
 * it computed rather than running the function again.
 */
internal class Apply(private val fn: Update<Any?>, private val default: Any?, private val hasDefault: Boolean) :
    EntryProcessor<Any, Any?, Any?> {
    @Transient private var computed: Any? = null

    override fun process(entry: MutableMap.MutableEntry<Any, Any?>): Any? {
        val old = entry.value ?: if (hasDefault) default else return Missing
        val next = NullItem.wrap(fn.apply(NullItem.unwrap(old)))
        entry.setValue(next)
        computed = next
        return next
    }

    override fun getBackupProcessor(): EntryProcessor<Any, Any?, Any?>? = computed?.let(::Store)

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Stores a value computed elsewhere: what the backup of an [Apply] does. */
internal class Store(private val value: Any) : EntryProcessor<Any, Any?, Any?> {
    override fun process(entry: MutableMap.MutableEntry<Any, Any?>): Any? {
        entry.setValue(value)
        return value
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * A list of the cluster, by name: an `IList` (held by one member, with a synchronous backup on another). Each
 * operation is atomic.
 *
 * ```kotlin
 * val log = ctx.Manager().list<String>("log")
 * log.append("started")
 * println(log.toList())
 * ```
 */
public class ClusterList<T> internal constructor(
    private val ctx: HazelcastContext,
    /** Its name in the cluster: the same name is the same object on every member. */
    public val name: String,
) : java.io.Serializable {
    private val list: IList<Any> = ctx.instance.getList(name)

    /** Appends [item]. ```kotlin log.append("x") ``` */
    public fun append(item: T) {
        crossing(item, { "an item appended to list '$name'" }) { list.add(NullItem.wrap(item)) }
    }

    /** Appends every one of [items], as one operation. ```kotlin log.extend(listOf("a", "b")) ``` */
    public fun extend(items: Iterable<T>) {
        crossing(items, { "an item appended to list '$name'" }) { list.addAll(items.map { NullItem.wrap(it) }) }
    }

    /** The item at [index] (negative: from the end). ```kotlin log[0] ``` */
    public operator fun get(index: Int): T = NullItem.unwrap(list[position(index)])

    /** Sets the item at [index]. ```kotlin log[0] = "first" ``` */
    public operator fun set(index: Int, item: T) {
        crossing(item, { "an item set in list '$name'" }) { list[position(index)] = NullItem.wrap(item) }
    }

    /** Removes and returns the item at [index] (the last by default). ```kotlin log.pop() ``` */
    @JvmOverloads
    public fun pop(index: Int = -1): T = NullItem.unwrap(list.removeAt(position(index)))

    /** How many items it has. ```kotlin log.len() ``` */
    public fun len(): Int = list.size

    /** A copy of the list now. ```kotlin log.toList() ``` */
    public fun toList(): List<T> = list.map { NullItem.unwrap(it) }

    /** Removes every item. ```kotlin log.clear() ``` */
    public fun clear(): Unit = list.clear()

    private fun position(index: Int): Int {
        val size = list.size
        val at = if (index < 0) index + size else index
        if (at !in 0 until size) throw IndexOutOfBoundsException("list index out of range: $index (list '$name' has $size items)")
        return at
    }

    private fun writeReplace(): Any = NamedRef("list", name, 0)

    override fun toString(): String = "<ClusterList '$name'>"

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * A value of the cluster, by name, as `Manager().Value`: an entry of the `IMap` "coprocessing.values" (the
 * open edition has no atomic references). Reading and writing [value] are each atomic; [update] is atomic as
 * a whole; [getLock] is the cluster lock that guards it for longer sequences, as `Value`'s lock does.
 *
 * ```kotlin
 * val tickets = ctx.Manager().Value("tickets", 10)
 * tickets.update { it - 1 }
 * println(tickets.value) // 9
 * ```
 */
public class ClusterValue<T> internal constructor(
    private val ctx: HazelcastContext,
    /** Its name in the cluster: the same name is the same object on every member. */
    public val name: String,
) : java.io.Serializable {
    private val map: IMap<String, Any?> = ctx.instance.getMap(VALUES)

    /** The value now; setting it replaces it. ```kotlin tickets.value = 5 ``` */
    public var value: T
        get() = NullItem.unwrap(map[name])
        set(v) {
            crossing(v, { "the value '$name'" }) { map.set(name, NullItem.wrap(v)) }
        }

    internal fun setIfAbsent(initial: T) {
        crossing(initial, { "the value '$name'" }) { map.putIfAbsent(name, NullItem.wrap(initial)) }
    }

    /**
     * Replaces the value with [transform] of it, atomically, on the member that holds it; returns the new value.
     *
     * ```kotlin
     * tickets.update { it - 1 }
     * ```
     */
    @Suppress("UNCHECKED_CAST")
    public fun update(transform: Update<T>): T = NullItem.unwrap(
        crossing(transform, { "the update of the value '$name'" }) {
            map.executeOnKey<Any?>(name, Apply(transform as Update<Any?>, NullItem, hasDefault = true) as EntryProcessor<String, Any?, Any?>)
        },
    )

    /** The cluster lock of this value (`Value`'s `get_lock()`). ```kotlin tickets.getLock().withLock { } ``` */
    public fun getLock(): ClusterLock = ctx.Lock("coprocessing.value:$name")

    private fun writeReplace(): Any = NamedRef("value", name, 0)

    override fun toString(): String = "<ClusterValue '$name'>"

    internal companion object {
        const val VALUES = "coprocessing.values"
        private const val serialVersionUID = 1L
    }
}
