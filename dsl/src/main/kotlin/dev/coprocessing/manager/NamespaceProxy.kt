package dev.coprocessing.manager

import dev.coprocessing.KeyError
import java.util.function.UnaryOperator
import kotlin.reflect.KProperty

/** A namespace's state: its attributes by name. */
internal typealias Attributes = LinkedHashMap<String, Any?>

/** The operations of a managed namespace, each atomic; values go in and come out as copies. */
internal object NamespaceOps {
    class Get(private val name: String) : StateOp<Attributes, Any?> {
        override fun applyTo(target: Attributes): Any? = if (target.containsKey(name)) Copies.of(target[name]) else Missing
    }

    class Set(private val name: String, private val value: Any?) : StateOp<Attributes, Unit> {
        override fun applyTo(target: Attributes) {
            target[name] = Copies.of(value)
        }
    }

    class Delete(private val name: String) : StateOp<Attributes, Boolean> {
        override fun applyTo(target: Attributes): Boolean = target.containsKey(name).also { target.remove(name) }
    }

    class Has(private val name: String) : StateOp<Attributes, Boolean> {
        override fun applyTo(target: Attributes): Boolean = target.containsKey(name)
    }

    class Update(private val name: String, private val transform: (Any?) -> Any?) : StateOp<Attributes, Any?> {
        override fun applyTo(target: Attributes): Any? {
            if (!target.containsKey(name)) return Missing
            return transform(Copies.of(target[name])).also { target[name] = Copies.of(it) }
        }
    }

    object Snapshot : StateOp<Attributes, Map<String, Any?>> {
        override fun applyTo(target: Attributes): Map<String, Any?> = Copies.of(target) as Map<String, Any?>
    }
}

/**
 * A namespace kept by a [Manager], as CPython's `Manager().Namespace()`: named attributes that every process
 * sees, read with `ns["x"]` and set with `ns["x"] = 1`, or through a delegated property
 * (`var x: Int by ns`). Made by [Manager.Namespace].
 *
 * Each read and write is atomic; `ns["x"] = ns["x"] as Int + 1` is not (use [update]). Values go in and come
 * out as copies, as in [DictProxy]. Reading an attribute that was never set throws [KeyError] naming it, as
 * CPython raises `AttributeError`. After the manager has shut down, every call throws
 * `IllegalStateException("Manager has shut down")`.
 *
 * ```kotlin
 * manager {
 *     val ns = Namespace()
 *     ns["x"] = 10
 *     var y: String by ns
 *     y = "hello"
 *     println(ns)           // Namespace(x=10, y='hello')
 * }
 * ```
 */
public class NamespaceProxy internal constructor(internal val handle: Handle<Attributes>) {
    /**
     * The attribute [name] (a copy): Python's `ns.name`. Throws [KeyError] when it was never set.
     *
     * ```kotlin
     * val x = ns["x"] as Int
     * ```
     */
    public operator fun get(name: String): Any? {
        val found = handle.call(NamespaceOps.Get(name))
        if (found === Missing) throw missing(name)
        return found
    }

    /**
     * Sets the attribute [name] to a copy of [value]: Python's `ns.name = value`.
     *
     * ```kotlin
     * ns["x"] = 10
     * ```
     */
    public operator fun set(name: String, value: Any?): Unit = handle.call(NamespaceOps.Set(name, value))

    /**
     * Whether the attribute [name] is set: Python's `hasattr(ns, name)`.
     *
     * ```kotlin
     * if ("x" in ns) println(ns["x"])
     * ```
     */
    public operator fun contains(name: String): Boolean = handle.call(NamespaceOps.Has(name))

    /**
     * Removes the attribute [name]: Python's `del ns.name`. Throws [KeyError] when it was never set.
     *
     * ```kotlin
     * ns.delete("x")
     * ```
     */
    public fun delete(name: String) {
        if (!handle.call(NamespaceOps.Delete(name))) throw missing(name)
    }

    /**
     * Replaces the attribute [name] with `transform(value)` in one atomic step and returns the new value
     * (beyond CPython); throws [KeyError] when it was never set.
     *
     * ```kotlin
     * ns.update("x") { (it as Int) + 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(name: String, transform: (Any?) -> Any?): Any? {
        val result = handle.call(NamespaceOps.Update(name, transform))
        if (result === Missing) throw missing(name)
        return result
    }

    /**
     * [update] for Java (Java: `update(name, UnaryOperator)`).
     *
     * ```java
     * ns.update("x", x -> (Integer) x + 1);
     * ```
     */
    public fun update(name: String, transform: UnaryOperator<Any?>): Any? = update(name) { transform.apply(it) }

    /**
     * Every attribute, copied, in the order they were first set: Python's `vars(ns)`.
     *
     * ```kotlin
     * for ((name, value) in ns.toMap()) println("$name=$value")
     * ```
     */
    public fun toMap(): Map<String, Any?> = handle.call(NamespaceOps.Snapshot)

    /**
     * Reads the attribute named as the property: `val x: Int by ns`. Throws [KeyError] when it was never set.
     *
     * ```kotlin
     * val x: Int by ns
     * ```
     */
    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    public operator fun <T> getValue(thisRef: Any?, property: KProperty<*>): T = get(property.name) as T

    /**
     * Sets the attribute named as the property: `var x: Int by ns; x = 3`.
     *
     * ```kotlin
     * var x: Int by ns
     * x = 3
     * ```
     */
    @JvmSynthetic
    public operator fun <T> setValue(thisRef: Any?, property: KProperty<*>, value: T): Unit = set(property.name, value)

    /** As CPython's repr: `Namespace(x=10, y='hello')`. */
    override fun toString(): String {
        if (handle.backend.isShutdown) return "<NamespaceProxy ${handle.described} of a Manager that has shut down>"
        return toMap().entries.joinToString(", ", "Namespace(", ")") { (name, value) -> "$name=${reprOf(value)}" }
    }

    private fun missing(name: String) =
        KeyError(name, "'Namespace' object has no attribute '$name' (${handle.described}); set it first, or check \"$name\" in ns")
}
