@file:JvmName("PoolTour")

package dev.coprocessing.docs.pool

// doc:start docs/pool.md
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.pool

suspend fun main() = multiprocessing {
    pool(4) {                                              // closes and joins at the end of the block
        val r: Int = apply { 6 * 7 }                       // one task, waited for
        val a = applyAsync(callback = { println(it) }) { 6 * 7 }
        val squares: List<Int> = map(0 until 10) { it * it }
        imap(0 until 10, chunksize = 2) { it * it }.collect { println(it) }
        val sums: List<Int> = starmap(listOf(1 to 2, 3 to 4)) { (x, y) -> x + y }
    }
}
// doc:end
