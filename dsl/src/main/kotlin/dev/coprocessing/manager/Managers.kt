@file:JvmName("Managers")

package dev.coprocessing.manager

import dev.coprocessing.process.blocking
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.RLock
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * Runs [block] with a fresh [Manager] as its receiver, then shuts the manager down, however [block] ends, and
 * returns [block]'s value: Python's `with Manager() as manager:`. Inside the block, `dict`, `list`, `Lock()`,
 * `Queue()` and the rest are the manager's. A proxy used after the block throws
 * `IllegalStateException("Manager has shut down")`.
 *
 * ```kotlin
 * manager {
 *     val d = dict(mapOf("count" to 100))
 *     d.update("count") { it - 1 }
 *     println(d)    // {count=99}
 * }
 * ```
 */
@JvmSynthetic
public suspend fun <T> manager(block: suspend Manager.() -> T): T {
    val manager = Manager()
    try {
        return manager.block()
    } finally {
        withContext(NonCancellable) { manager.shutdown() }
    }
}

/**
 * [manager] for code outside coroutines (Java: `Managers.manager(m -> ...)`): runs [block] with a fresh
 * manager, then shuts it down and returns [block]'s value.
 *
 * ```java
 * int left = Managers.manager(m -> {
 *     DictProxy<String, Integer> d = m.dict(Map.of("count", 100));
 *     return d.update("count", n -> n - 1);
 * });
 * ```
 */
@JvmName("manager")
@Throws(InterruptedException::class)
public fun <T> managerBlocking(block: java.util.function.Function<in Manager, out T>): T {
    val manager = Manager()
    try {
        return block.apply(manager)
    } finally {
        manager.shutdownBlocking()
    }
}

/** The home of the values and arrays made outside a manager: it never shuts down and keeps no list of them. */
private val standalone: ManagerBackend = LocalBackend("no manager", { RLock() }, standalone = true)

/**
 * A value shared between processes, outside any manager, as Python's `multiprocessing.Value(typecode, value,
 * lock=True)`: with [lock], [SharedValue.getLock] is a new `RLock`; without, there is none (as [RawValue]).
 *
 * ```kotlin
 * val counter = Value(0)
 * counter.getLock().withLock { counter.value += 1 }
 * ```
 */
@JvmOverloads
public fun <T> Value(initial: T, lock: Boolean = true): SharedValue<T> =
    SharedValue(standalone.open(ObjectSpec.Value(null, initial, if (lock) RLock() else null)))

/**
 * A shared value guarded by [lock], as Python's `Value(typecode, value, lock=some_lock)`: [SharedValue.getLock]
 * returns it, so several values can share one lock.
 *
 * ```kotlin
 * val lock = Lock()
 * val a = Value(0, lock)
 * val b = Value(0, lock)
 * ```
 */
public fun <T> Value(initial: T, lock: AbstractLock): SharedValue<T> = SharedValue(standalone.open(ObjectSpec.Value(null, initial, lock)))

/**
 * A shared value without a lock, as Python's `multiprocessing.RawValue`: each read and write is atomic on its
 * own; `getLock()` throws.
 *
 * ```kotlin
 * val flag = RawValue(false)
 * ```
 */
public fun <T> RawValue(initial: T): SharedValue<T> = Value(initial, lock = false)

/**
 * A shared array of [size] zeros, outside any manager, as Python's `multiprocessing.Array('i', size)`; with
 * [lock], [SharedArray.getLock] is a new `RLock`. A negative [size] throws `IllegalArgumentException`.
 *
 * ```kotlin
 * val counts = Array(10)
 * ```
 */
@JvmOverloads
public fun Array(size: Int, lock: Boolean = true): SharedArray<Int> = Array(size, 0, lock)

/**
 * A shared array of [size] items, each [initial]. A negative [size] throws `IllegalArgumentException`.
 *
 * ```kotlin
 * val names = Array(3, "")
 * ```
 */
@JvmOverloads
public fun <T> Array(size: Int, initial: T, lock: Boolean = true): SharedArray<T> {
    require(size >= 0) { "array size must be >= 0, got $size: an Array holds size items" }
    return Array(List(size) { initial }, lock)
}

/**
 * A shared array holding copies of [items], as Python's `multiprocessing.Array(typecode, sequence)`; its size
 * is fixed.
 *
 * ```kotlin
 * val a = Array(listOf(1, 2, 3))
 * ```
 */
@JvmOverloads
public fun <T> Array(items: Iterable<T>, lock: Boolean = true): SharedArray<T> =
    SharedArray(standalone.open(ObjectSpec.Array(null, items.toList(), if (lock) RLock() else null)))

/**
 * A shared array guarded by [lock], which [SharedArray.getLock] returns.
 *
 * ```kotlin
 * val a = Array(listOf(1, 2, 3), Lock())
 * ```
 */
public fun <T> Array(items: Iterable<T>, lock: AbstractLock): SharedArray<T> =
    SharedArray(standalone.open(ObjectSpec.Array(null, items.toList(), lock)))

/**
 * A shared array of [size] zeros without a lock, as Python's `multiprocessing.RawArray('i', size)`.
 *
 * ```kotlin
 * val a = RawArray(10)
 * ```
 */
public fun RawArray(size: Int): SharedArray<Int> = Array(size, lock = false)

/**
 * A shared array of [size] items, each [initial], without a lock.
 *
 * ```kotlin
 * val a = RawArray(3, 0.0)
 * ```
 */
public fun <T> RawArray(size: Int, initial: T): SharedArray<T> = Array(size, initial, lock = false)

/**
 * A shared array holding copies of [items], without a lock, as Python's `RawArray(typecode, sequence)`.
 *
 * ```kotlin
 * val a = RawArray(listOf(1, 2, 3))
 * ```
 */
public fun <T> RawArray(items: Iterable<T>): SharedArray<T> = Array(items, lock = false)
