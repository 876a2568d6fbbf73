@file:JvmName("Contexts")

package dev.coprocessing.context

import dev.coprocessing.spawn.StartMethods

private val contexts: Map<String, Context> = StartMethods.ALL.associateWith { Context(it) }

/**
 * The context of start method [method] (`"coroutine"` or `"spawn"`), or of the current one when `null`, as
 * CPython's `multiprocessing.get_context`. Throws `IllegalArgumentException` for an unknown method.
 *
 * ```kotlin
 * val ctx = getContext("spawn")
 * ```
 * ```java
 * Context ctx = Contexts.getContext("spawn");
 * ```
 */
@JvmOverloads
public fun getContext(method: String? = null): Context {
    val name = method ?: StartMethods.effective()
    return requireNotNull(contexts[name]) { "cannot find context for '$name': the start methods are ${StartMethods.ALL}" }
}

/**
 * Sets the start method every process, pool and executor uses when no context is given, as CPython's
 * `set_start_method`. It can be set once; [force] changes it again (`null` with [force] unsets it). Throws
 * `IllegalStateException` when already set and not [force], `IllegalArgumentException` for an unknown method.
 *
 * ```kotlin
 * fun main() {
 *     setStartMethod("spawn")
 *     runMultiprocessing { Process { println("in a JVM of its own") }.apply { start(); join() } }
 * }
 * ```
 */
@JvmOverloads
public fun setStartMethod(method: String?, force: Boolean = false): Unit = StartMethods.set(method, force)

/**
 * The current start method, as CPython's `get_start_method`: the one set by [setStartMethod], else
 * `"coroutine"`; with [allowNone], `null` while none was set.
 *
 * ```kotlin
 * println(getStartMethod()) // coroutine
 * ```
 */
@JvmOverloads
public fun getStartMethod(allowNone: Boolean = false): String? = if (allowNone) StartMethods.chosen() else StartMethods.effective()

/**
 * Every start method, the default first: `["coroutine", "spawn"]`.
 *
 * ```kotlin
 * println(getAllStartMethods())
 * ```
 */
public fun getAllStartMethods(): List<String> = StartMethods.ALL
