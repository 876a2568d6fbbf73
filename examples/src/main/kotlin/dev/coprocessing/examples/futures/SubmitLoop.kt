package dev.coprocessing.examples.futures

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep

/**
 * Seed 003: "for + submit(func, arg1, arg2) = map". Submitting in a loop gives one task object (a Future)
 * per call; reading their results in the order of submission gives what `map` gives.
 */
suspend fun submitLoop() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    fun func(a: Int, b: Int): Int = a * b
    val tasks = (1..10).map { i -> pool.submit { sleep(0.2); func(i, i + 1) } }
    println("submitted ${tasks.size} tasks")
    for (task in tasks) println("result ${task.result()}")
    pool.shutdown()
}
