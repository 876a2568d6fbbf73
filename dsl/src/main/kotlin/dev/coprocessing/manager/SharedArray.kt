package dev.coprocessing.manager

import dev.coprocessing.sync.AbstractLock
import java.util.function.UnaryOperator

/** The operations of a shared array, each atomic; items go in and come out as copies. */
internal object ArrayOps {
    class Get(private val index: Int) : StateOp<Cells, Any?> {
        override fun applyTo(target: Cells): Any? =
            if (index in target.items.indices) Copies.of(target.items[index]) else OutOfRange(index, target.items.size)
    }

    class Set(private val index: Int, private val value: Any?) : StateOp<Cells, OutOfRange?> {
        override fun applyTo(target: Cells): OutOfRange? {
            if (index !in target.items.indices) return OutOfRange(index, target.items.size)
            target.items[index] = Copies.of(value)
            return null
        }
    }

    class Update(private val index: Int, private val transform: (Any?) -> Any?) : StateOp<Cells, Any?> {
        override fun applyTo(target: Cells): Any? {
            if (index !in target.items.indices) return OutOfRange(index, target.items.size)
            return transform(Copies.of(target.items[index])).also { target.items[index] = Copies.of(it) }
        }
    }

    object Snapshot : StateOp<Cells, List<Any?>> {
        override fun applyTo(target: Cells): List<Any?> = target.items.map(Copies::of)
    }

    object Size : Op<Cells, Int> {
        override fun applyTo(target: Cells): Int = target.items.size
    }

    object LockOf : Op<Cells, AbstractLock?> {
        override fun applyTo(target: Cells): AbstractLock? = target.lock
    }
}

/**
 * A fixed number of items shared between processes, as `multiprocessing.Array` (a `sharedctypes` object):
 * `a[i]` reads and `a[i] = x` writes, [size] never changes, and [getLock] guards a read-modify-write. Made by
 * the top-level [Array] and [RawArray] (no lock), or by [Manager.Array].
 *
 * Each read and write of one item is atomic, and [toList] reads them all in one step; `a[i] += 1` is a read
 * and a write, so hold the lock around it or use [update]. As for [SharedValue], a plain read or write does
 * not wait for a caller holding the lock. Indexes run from 0 to `size - 1`; others throw
 * `IndexOutOfBoundsException` ("array index out of range"). Iterating reads a snapshot. Items go in and come
 * out as copies (see [DictProxy]). One made by a [Manager] fails with
 * `IllegalStateException("Manager has shut down")` once the manager has shut down.
 *
 * ```kotlin
 * val squares = Array(5)                      // [0, 0, 0, 0, 0]
 * multiprocessing {
 *     repeat(5) { i -> Process { squares[i] = i * i }.start() }
 * }
 * println(squares.toList())                   // [0, 1, 4, 9, 16]
 * ```
 *
 * ```java
 * SharedArray<Integer> squares = Managers.Array(5);
 * squares.set(2, 4);
 * ```
 */
@Suppress("UNCHECKED_CAST")
public class SharedArray<T> internal constructor(internal val handle: Handle<Cells>) : Iterable<T> {
    /**
     * The number of items, fixed when the array was made: Python's `len(a)`.
     *
     * ```kotlin
     * for (i in 0 until a.size) println(a[i])
     * ```
     */
    public val size: Int get() = handle.call(ArrayOps.Size)

    /**
     * The item at [index] (a copy): Python's `a[i]`.
     *
     * ```kotlin
     * val first = a[0]
     * ```
     */
    public operator fun get(index: Int): T = checked(handle.call(ArrayOps.Get(index)), "array index out of range") as T

    /**
     * Sets the item at [index]: Python's `a[i] = x`.
     *
     * ```kotlin
     * a[0] = 42
     * ```
     */
    public operator fun set(index: Int, value: T) {
        checked(handle.call(ArrayOps.Set(index, value)), "array assignment index out of range")
    }

    /**
     * Replaces the item at [index] with `transform(item)` in one atomic step and returns the new item (beyond
     * CPython).
     *
     * ```kotlin
     * a.update(0) { it + 1 }
     * ```
     */
    @JvmSynthetic
    public fun update(index: Int, transform: (T) -> T): T =
        checked(handle.call(ArrayOps.Update(index) { transform(it as T) }), "array index out of range") as T

    /**
     * [update] for Java (Java: `update(index, UnaryOperator)`).
     *
     * ```java
     * a.update(0, n -> n + 1);
     * ```
     */
    public fun update(index: Int, transform: UnaryOperator<T>): T = update(index) { transform.apply(it) }

    /**
     * Every item, copied, read in one step: Python's `a[:]`.
     *
     * ```kotlin
     * println(a.toList())
     * ```
     */
    public fun toList(): List<T> = handle.call(ArrayOps.Snapshot) as List<T>

    /**
     * The number of items, as Python's `len(a)`; the same as [size].
     *
     * ```kotlin
     * println(a.len())
     * ```
     */
    public fun len(): Int = size

    /**
     * The lock made with this array, as Python's `a.get_lock()`; one made with `lock = false` or by [RawArray]
     * has none, and this throws `IllegalStateException`.
     *
     * ```kotlin
     * a.getLock().withLock { a[0] = a[0] + 1 }
     * ```
     */
    public fun getLock(): AbstractLock = handle.call(ArrayOps.LockOf) ?: throw IllegalStateException(
        "this array was made without a lock (lock = false, or RawArray): it has no getLock(); make it with Array(...) " +
            "to get one, or use update(index) { } for an atomic change",
    )

    /** Iterates over a snapshot taken now. */
    override fun iterator(): Iterator<T> = toList().iterator()

    /** `<SynchronizedArray wrapper for [1, 2, 3]>` with a lock, as CPython writes it; `RawArray([1, 2, 3])` without. */
    override fun toString(): String {
        if (handle.backend.isShutdown) return "<SharedArray ${handle.described} of a Manager that has shut down>"
        val shown = toList().joinToString(", ", "[", "]") { reprOf(it) }
        return if (handle.call(ArrayOps.LockOf) != null) "<SynchronizedArray wrapper for $shown>" else "RawArray($shown)"
    }

    private fun checked(result: Any?, words: String): Any? {
        if (result is OutOfRange) {
            throw IndexOutOfBoundsException(
                "$words: index ${result.index}, but ${handle.described} has ${result.size} item(s); indexes run from " +
                    "0 to size - 1",
            )
        }
        return result
    }
}
