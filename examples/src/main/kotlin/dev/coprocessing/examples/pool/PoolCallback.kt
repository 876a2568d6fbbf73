package dev.coprocessing.examples.pool

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool

/**
 * Seed 001, "回调函数": `apply_async(func1, args=(10,), callback=func2)`. The task runs in a worker process; the
 * callback runs in the main process, in the pool's result handler, as soon as the task is done. Compare the
 * process names and pids of the three lines.
 */
suspend fun poolCallback() = multiprocessing {
    fun func1(n: Int): Int {
        println("in func1 ${currentProcess().name} pid=${currentProcess().pid}")
        return n * n
    }

    fun func2(nn: Int) {
        println("in func2 ${currentProcess().name} pid=${currentProcess().pid} thread=${Thread.currentThread().name}")
        println(nn)
    }

    println("main process: ${currentProcess().name} pid=${currentProcess().pid}")
    val p = Pool(5)
    p.applyAsync(callback = { nn: Int -> func2(nn) }) { func1(10) }
    p.close()
    p.join() // the callback has run when join() returns
}
