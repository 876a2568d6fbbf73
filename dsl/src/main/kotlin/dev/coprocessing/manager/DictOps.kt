package dev.coprocessing.manager

import java.util.function.BiFunction

/** A dict's state: its entries in insertion order, as Python's dict keeps them. */
internal typealias Table = LinkedHashMap<Any?, Any?>

/** What an op returns for a key that is not there, so that the proxy, which knows the dict's name, can say so. */
internal object Missing

/**
 * The operations of a managed dict, each one atomic (see [StateOp]). Values go in and come out as copies
 * ([Copies]); functions passed in run on the state, under the dict's lock, and see copies too.
 */
internal object DictOps {
    object Size : StateOp<Table, Int> {
        override fun applyTo(target: Table): Int = target.size
    }

    class ContainsKey(private val key: Any?) : StateOp<Table, Boolean> {
        override fun applyTo(target: Table): Boolean = target.containsKey(key)
    }

    class ContainsValue(private val value: Any?) : StateOp<Table, Boolean> {
        override fun applyTo(target: Table): Boolean = target.containsValue(value)
    }

    class ContainsEntry(private val key: Any?, private val value: Any?) : StateOp<Table, Boolean> {
        override fun applyTo(target: Table): Boolean = target.containsKey(key) && target[key] == value
    }

    class Get(private val key: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = Copies.of(target[key])
    }

    /** The value at the key, or [Missing]. */
    class Lookup(private val key: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = if (target.containsKey(key)) Copies.of(target[key]) else Missing
    }

    class Set(private val key: Any?, private val value: Any?) : StateOp<Table, Unit> {
        override fun applyTo(target: Table) {
            target[Copies.of(key)] = Copies.of(value)
        }
    }

    class Put(private val key: Any?, private val value: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = Copies.of(target.put(Copies.of(key), Copies.of(value)))
    }

    class PutIfAbsent(private val key: Any?, private val value: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = Copies.of(target.putIfAbsent(Copies.of(key), Copies.of(value)))
    }

    class PutAll(private val entries: List<Pair<Any?, Any?>>) : StateOp<Table, Unit> {
        override fun applyTo(target: Table) {
            for ((key, value) in entries) target[Copies.of(key)] = Copies.of(value)
        }
    }

    class Remove(private val key: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = Copies.of(target.remove(key))
    }

    /** Removes the key; returns its value, or [Missing] (Python's `pop`). */
    class Pop(private val key: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = if (target.containsKey(key)) Copies.of(target.remove(key)) else Missing
    }

    class RemoveEntry(private val key: Any?, private val value: Any?) : StateOp<Table, Boolean> {
        override fun applyTo(target: Table): Boolean = target.remove(key, value)
    }

    /** Removes and returns the last entry inserted, or [Missing] when empty (Python's `popitem`). */
    object PopItem : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? {
            if (target.isEmpty()) return Missing
            var last: Map.Entry<Any?, Any?>? = null
            for (entry in target.entries) last = entry
            val (key, value) = last!!
            target.remove(key)
            return key to value
        }
    }

    class SetDefault(private val key: Any?, private val default: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? =
            if (target.containsKey(key)) Copies.of(target[key]) else default.also { target[Copies.of(key)] = Copies.of(it) }
    }

    class Replace(private val key: Any?, private val value: Any?) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = Copies.of(target.replace(key, Copies.of(value)))
    }

    class ReplaceIf(private val key: Any?, private val old: Any?, private val new: Any?) : StateOp<Table, Boolean> {
        override fun applyTo(target: Table): Boolean = target.replace(key, old, Copies.of(new))
    }

    object Clear : StateOp<Table, Unit> {
        override fun applyTo(target: Table): Unit = target.clear()
    }

    /** Every entry, copied: the snapshot that iteration, `items()`, `copy()` and equality read. */
    object Items : StateOp<Table, List<Pair<Any?, Any?>>> {
        override fun applyTo(target: Table): List<Pair<Any?, Any?>> =
            target.entries.map { (key, value) -> Copies.of(key) to Copies.of(value) }
    }

    object Keys : StateOp<Table, List<Any?>> {
        override fun applyTo(target: Table): List<Any?> = target.keys.map(Copies::of)
    }

    object Values : StateOp<Table, List<Any?>> {
        override fun applyTo(target: Table): List<Any?> = target.values.map(Copies::of)
    }

    /**
     * Python's read-modify-write made atomic: the value at the key becomes `transform(value)`. With no
     * [default] (`hasDefault` false) a missing key gives [Missing] and changes nothing; otherwise the missing
     * value is [default]. Returns the new value.
     */
    class Update(
        private val key: Any?,
        private val hasDefault: Boolean,
        private val default: Any?,
        private val transform: (Any?) -> Any?,
    ) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? {
            val old = when {
                target.containsKey(key) -> Copies.of(target[key])
                hasDefault -> default
                else -> return Missing
            }
            val new = transform(old)
            target[Copies.of(key)] = Copies.of(new)
            return new
        }
    }

    /** `java.util.Map.compute`: the function's result replaces the value; `null` removes the key. */
    class Compute(private val key: Any?, private val function: BiFunction<Any?, Any?, Any?>) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? = store(target, key, function.apply(key, Copies.of(target[key])))
    }

    class ComputeIfAbsent(private val key: Any?, private val function: java.util.function.Function<Any?, Any?>) :
        StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? {
            target[key]?.let { return Copies.of(it) }
            return function.apply(key)?.also { target[Copies.of(key)] = Copies.of(it) }
        }
    }

    class ComputeIfPresent(private val key: Any?, private val function: BiFunction<Any?, Any?, Any?>) : StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? {
            val old = target[key] ?: return null
            return store(target, key, function.apply(key, Copies.of(old)))
        }
    }

    class Merge(private val key: Any?, private val value: Any?, private val function: BiFunction<Any?, Any?, Any?>) :
        StateOp<Table, Any?> {
        override fun applyTo(target: Table): Any? {
            val old = target[key] ?: return value.also { target[Copies.of(key)] = Copies.of(it) }
            return store(target, key, function.apply(Copies.of(old), value))
        }
    }

    class ReplaceAll(private val function: BiFunction<Any?, Any?, Any?>) : StateOp<Table, Unit> {
        override fun applyTo(target: Table) {
            for (entry in target.entries) entry.setValue(Copies.of(function.apply(Copies.of(entry.key), Copies.of(entry.value))))
        }
    }

    private fun store(target: Table, key: Any?, value: Any?): Any? {
        if (value == null) target.remove(key) else target[Copies.of(key)] = Copies.of(value)
        return value
    }
}

/** A key as Python's repr writes it, for messages: `'count'`, `3`. */
internal fun reprOf(key: Any?): String = when (key) {
    null -> "None"
    is String -> "'$key'"
    else -> key.toString()
}
