package dev.coprocessing.examples.futures

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep

/**
 * Seed 003: `pool.shutdown()` blocks until every task in the pool has run, then the pool is closed: a
 * later `submit` fails with "cannot schedule new futures after shutdown".
 */
suspend fun shutdownWaits() = multiprocessing {
    val pool = ProcessPoolExecutor(3)
    for (i in 1..6) {
        pool.submit {
            sleep(0.3)
            println("task $i done")
        }
    }
    println("main: all submitted, now shutdown()")
    pool.shutdown()
    println("main: shutdown() returned after every task")
    try {
        pool.submit { println("never runs") }
    } catch (e: IllegalStateException) {
        println("main: ${e.message}")
    }
}
