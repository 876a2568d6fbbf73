package dev.coprocessing.examples.spawn

import dev.coprocessing.WorkerLostError
import dev.coprocessing.context.getContext
import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing

/** How many primes lie in `[from, to)`: CPU-bound work, worth a JVM of its own. */
fun primesIn(from: Int, to: Int): Int = (from until to).count { n -> n > 1 && (2..Math.sqrt(n.toDouble()).toInt()).none { n % it == 0 } }

/**
 * A CPU-bound map on worker JVMs: each chunk of ranges crosses to a worker as one message, and its counts
 * come back. The workers are real OS processes, with pids of their own.
 */
suspend fun spawnCpuMap() = multiprocessing {
    val pool = getContext("spawn").Pool(2)
    try {
        val ranges = (0 until 8).map { it * 25_000 }
        val counts = pool.map(ranges, chunksize = 1) { from -> primesIn(from, from + 25_000) }
        ranges.zip(counts).forEach { (from, count) -> println("primes in [$from, ${from + 25_000}): $count") }
        println("total: ${counts.sum()}")
        val pids = pool.map((1..4).toList(), chunksize = 1) { ProcessHandle.current().pid() }.toSet()
        println("worker JVMs are other processes: ${ProcessHandle.current().pid() !in pids}")
    } finally {
        pool.close()
        pool.join()
    }
}

/**
 * A worker that crashes (its JVM halts, as after `System.exit` or an `OutOfMemoryError`) fails only the task
 * it held, with `WorkerLostError`; the pool replaces it and serves on. CPython's pool hangs here.
 */
suspend fun spawnCrash() = multiprocessing {
    val pool = getContext("spawn").Pool(1)
    try {
        println("before: ${pool.apply { "served by ${currentProcess().name}" }}")
        try {
            pool.apply { Runtime.getRuntime().halt(3) }
        } catch (e: WorkerLostError) {
            println("lost: exit code ${e.exitCode}")
        }
        println("after: ${pool.apply { "served by ${currentProcess().name}" }}")
    } finally {
        pool.close()
        pool.join()
    }
}
