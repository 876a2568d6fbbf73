package dev.coprocessing.examples.futures

import dev.coprocessing.currentProcess
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep

/**
 * Seed 003: `task.add_done_callback(callback)`. The callback gets the finished task and reads its result;
 * it runs as soon as the task is done, in the main process (not in the worker that ran the task), so the
 * results are handled in the order the tasks finish, not the order they were submitted.
 */
suspend fun doneCallback() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    for (i in 1..5) {
        val task = pool.submit {
            sleep(0.2 * (6 - i))   // the last submitted finishes first
            "task $i computed ${i * i} in ${currentProcess().name}"
        }
        task.addDoneCallback { done -> println("callback in ${currentProcess().name}: ${done.result()}") }
    }
    pool.shutdown()   // waits for the tasks and their callbacks
    println("all callbacks have run")
}
