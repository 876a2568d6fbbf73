package dev.coprocessing.examples.thread

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.ThreadPool
import dev.coprocessing.thread.currentThread

/**
 * Seed 003's pools, with threads: `multiprocessing.pool.ThreadPool` is a Pool whose workers are threads of this
 * process (`Thread-N (worker)`), for work that waits rather than computes. In a task, `currentProcess()` is the
 * main process, since a thread belongs to its process.
 */
suspend fun threadPoolMap() = multiprocessing {
    val pool = ThreadPool(3)
    val squares = pool.map(1..6) { x ->
        java.lang.Thread.sleep(50)   // work that waits, as I/O does
        x * x
    }
    println("squares: $squares")
    val where = pool.apply { "${currentProcess().name} / ${currentThread().name.substringAfter(' ')}" }
    println("a task runs in: $where")
    pool.close()
    pool.join()
}
