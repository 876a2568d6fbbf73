@file:JvmName("Pools")

package dev.coprocessing.pool

import dev.coprocessing.cpuCount
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * Runs [block] with a fresh [Pool] of [processes] workers as its receiver, then closes the pool and waits for
 * it to shut down: every task submitted in the block (and its callback) has finished when this returns
 * [block]'s value. If [block] throws, or the caller is cancelled, the pool is terminated instead (running
 * tasks are cancelled), waited for, and the exception rethrown. CPython's `with Pool() as p:` always
 * terminates; waiting for the work is the safer default for results submitted with `applyAsync`.
 *
 * Inside the block, `apply`, `map` and the rest are the pool's. [initializer] and [maxtasksperchild] are as in
 * [Pool]'s constructor.
 *
 * ```kotlin
 * val squares = pool(4) { map(0 until 10) { it * it } }
 * ```
 */
@JvmSynthetic
public suspend fun <T> pool(
    processes: Int = cpuCount(),
    initializer: (suspend () -> Unit)? = null,
    maxtasksperchild: Int? = null,
    block: suspend Pool.() -> T,
): T {
    val pool = Pool(processes, initializer, maxtasksperchild)
    val result = try {
        pool.block()
    } catch (e: Throwable) {
        pool.terminate()
        withContext(NonCancellable) { pool.join() }
        throw e
    }
    pool.close()
    try {
        pool.join()
    } catch (e: Throwable) {
        pool.terminate()
        withContext(NonCancellable) { pool.join() }
        throw e
    }
    return result
}
