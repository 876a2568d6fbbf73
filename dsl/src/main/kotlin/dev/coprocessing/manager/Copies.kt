package dev.coprocessing.manager

import java.util.SortedMap
import java.util.SortedSet
import java.util.TreeMap
import java.util.TreeSet

/**
 * The copy rule of managed objects: a value goes into a proxy as a copy and comes out as a copy, as CPython
 * pickles it on the way to the manager and back (cpython#91192, #76719), so that changing what was read never
 * changes what is stored, and nothing stored can be changed behind the proxy's back.
 *
 * What is copied: the JDK's collections and maps (recursively, into `ArrayList`, `LinkedHashSet`,
 * `LinkedHashMap`, or `TreeSet`/`TreeMap` for sorted ones) and arrays. What is not: strings, numbers, booleans,
 * enums and other objects, which are stored as they are; an object of your own with mutable fields is shared,
 * so keep stored values immutable (data classes of `val`s) or change them only through an atomic `update`.
 * A proxy stored in a proxy is not copied either: it stays a reference to its object, as nested proxies are in
 * CPython.
 */
internal object Copies {
    fun of(value: Any?): Any? = when (value) {
        null, is String, is Number, is Boolean, is Char, is Enum<*> -> value
        is DictProxy<*, *>, is ListProxy<*> -> value
        is SortedMap<*, *> -> TreeMap<Any?, Any?>(value.comparator() as Comparator<Any?>?).also { copy ->
            value.forEach { (k, v) -> copy[of(k)] = of(v) }
        }
        is Map<*, *> -> LinkedHashMap<Any?, Any?>(maxOf(16, value.size * 2)).also { copy ->
            value.forEach { (k, v) -> copy[of(k)] = of(v) }
        }
        is SortedSet<*> -> value.mapTo(TreeSet(value.comparator() as Comparator<Any?>?), ::of)
        is Set<*> -> value.mapTo(LinkedHashSet(maxOf(16, value.size * 2)), ::of)
        is Collection<*> -> value.mapTo(ArrayList(value.size), ::of)
        is Array<*> -> (value.copyOf() as Array<Any?>).also { copy -> for (i in copy.indices) copy[i] = of(copy[i]) }
        is IntArray -> value.copyOf()
        is LongArray -> value.copyOf()
        is DoubleArray -> value.copyOf()
        is FloatArray -> value.copyOf()
        is ByteArray -> value.copyOf()
        is ShortArray -> value.copyOf()
        is CharArray -> value.copyOf()
        is BooleanArray -> value.copyOf()
        else -> value
    }
}

/** Whether [value] is one of the library's proxies: a proxy stored in a proxy is a reference, not a value to copy. */
internal fun isProxy(value: Any?): Boolean = when (value) {
    is DictProxy<*, *>, is ListProxy<*>, is NamespaceProxy, is SharedValue<*>, is SharedArray<*>, is LockProxy,
    is SemaphoreProxy, is EventProxy, is ConditionProxy, is BarrierProxy, is QueueProxy<*> -> true
    else -> false
}
