package dev.coprocessing.manager

import dev.coprocessing.sync.AbstractLock
import java.util.function.UnaryOperator

/** The operations of a shared value, each atomic; the value goes in and comes out as a copy. */
internal object ValueOps {
    object Get : StateOp<Cell, Any?> {
        override fun applyTo(target: Cell): Any? = Copies.of(target.value)
    }

    class Set(private val value: Any?) : StateOp<Cell, Unit> {
        override fun applyTo(target: Cell) {
            target.value = Copies.of(value)
        }
    }

    class Update(private val transform: (Any?) -> Any?) : StateOp<Cell, Any?> {
        override fun applyTo(target: Cell): Any? = transform(Copies.of(target.value)).also { target.value = Copies.of(it) }
    }

    object LockOf : Op<Cell, AbstractLock?> {
        override fun applyTo(target: Cell): AbstractLock? = target.lock
    }
}

/**
 * One value shared between processes, as `multiprocessing.Value` (a `sharedctypes` object): read and write it
 * through [value]; [getLock] is the lock that guards a read-modify-write. Made by the top-level
 * [Value] and [RawValue] (no lock), or by [Manager.Value].
 *
 * Each read and each write of [value] is atomic, but `v.value += 1` is a read and then a write: from many
 * processes it loses updates, as in CPython. Hold the lock around it (`v.getLock().withLock { v.value += 1 }`)
 * or use [update], one atomic call. Unlike CPython's synchronized wrapper, a plain read or write does not wait
 * for a caller holding the lock: the lock guards what its holders do together, not every access.
 *
 * Values go in and come out as copies (see [DictProxy]). A value made by a [Manager] fails with
 * `IllegalStateException("Manager has shut down")` once the manager has shut down; a top-level one lives as
 * long as it is referenced.
 *
 * ```kotlin
 * val counter = Value(0)
 * multiprocessing {
 *     repeat(10) { Process { counter.getLock().withLock { counter.value += 1 } }.start() }
 * }
 * println(counter.value)   // 10
 * ```
 *
 * ```java
 * SharedValue<Integer> counter = Managers.Value(0);
 * try (var held = counter.getLock().hold()) { counter.setValue(counter.getValue() + 1); }
 * ```
 */
@Suppress("UNCHECKED_CAST")
public class SharedValue<T> internal constructor(internal val handle: Handle<Cell>) {
    /**
     * The value (a copy): Python's `v.value`. Each read and each write is atomic on its own.
     *
     * ```kotlin
     * v.value = 42
     * println(v.value)
     * ```
     */
    public var value: T
        get() = handle.call(ValueOps.Get) as T
        set(value) = handle.call(ValueOps.Set(value))

    /**
     * The lock made with this value (an `RLock` unless one was given), as Python's `v.get_lock()`. A value made
     * with `lock = false` or by [RawValue] has none: then this throws `IllegalStateException`, as CPython's raw
     * values have no `get_lock`.
     *
     * ```kotlin
     * v.getLock().withLock { v.value += 1 }
     * ```
     */
    public fun getLock(): AbstractLock = handle.call(ValueOps.LockOf) ?: throw IllegalStateException(
        "this value was made without a lock (lock = false, or RawValue): it has no getLock(); make it with Value(initial) " +
            "to get one, or use update { } for an atomic change",
    )

    /**
     * Replaces the value with `transform(value)` in one atomic step and returns the new value (beyond CPython):
     * what `v.value += 1` is not. [transform] gets a copy and runs alone on this value, so keep it short and
     * never wait in it.
     *
     * ```kotlin
     * v.update { it + 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(transform: (T) -> T): T = handle.call(ValueOps.Update { transform(it as T) }) as T

    /**
     * [update] for Java (Java: `update(UnaryOperator)`).
     *
     * ```java
     * v.update(n -> n + 1);
     * ```
     */
    public fun update(transform: UnaryOperator<T>): T = update { transform.apply(it) }

    /** `<Synchronized wrapper for 42>` for a value with a lock, as CPython writes it; `RawValue(42)` without. */
    override fun toString(): String {
        if (handle.backend.isShutdown) return "<SharedValue ${handle.described} of a Manager that has shut down>"
        val shown = reprOf(value)
        return if (handle.call(ValueOps.LockOf) != null) "<Synchronized wrapper for $shown>" else "RawValue($shown)"
    }
}
