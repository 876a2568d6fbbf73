@file:JvmName("ExecutorTour")

package dev.coprocessing.docs.futures

// doc:start docs/futures.md
import dev.coprocessing.futures.*
import dev.coprocessing.multiprocessing
import kotlin.time.Duration.Companion.seconds

suspend fun main() = multiprocessing {
    val ex = ProcessPoolExecutor(4)
    val f: Future<Int> = ex.submit { 6 * 7 }
    f.addDoneCallback { println("done: ${it.result()}") }
    println(f.result())                                              // 42
    ex.map(0 until 10, timeout = 5.seconds) { it * it }.collect { println(it) }
    ex.shutdown()                                                    // waits for every task
}
// doc:end
