package dev.coprocessing.examples.futures

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep

/**
 * Seed 003, the program as written: `task = p.submit(func)` returns at once while `func` sleeps one second in
 * a worker; the main process sleeps two seconds, prints `---->`, and then `task.result()` (a blocking call)
 * gives the twenty stars at once, because the task finished meanwhile.
 */
suspend fun submitResult() = multiprocessing {
    suspend fun func(): String {
        sleep(1.0)
        return "*".repeat(20)
    }

    val p = ProcessPoolExecutor(4)
    val task = p.submit { func() }
    sleep(2.0)
    println("---->")
    println(task.result())   // blocks (suspends) until the result is there
    p.shutdown()
}
