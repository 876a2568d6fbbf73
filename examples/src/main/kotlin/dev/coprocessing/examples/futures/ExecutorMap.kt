package dev.coprocessing.examples.futures

import dev.coprocessing.currentProcess
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep

/**
 * Seed 003: `pool = ProcessPoolExecutor(5)`, `ret = pool.map(func, iter)`, then `for r in ret: print(r)`.
 * `map` returns at once; its results are lazy and come in the order of the input, each as soon as it (and
 * those before it) are ready. Watch the five workers share the ten tasks.
 */
suspend fun executorMap() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    val ret = pool.map(1..10) { i ->
        sleep(0.5)
        println("  task $i ran in ${currentProcess().name}")
        i * i
    }
    println("map returned at once; the results come as they are ready:")
    ret.collect { r -> println("result $r") }
    pool.shutdown()
}
