// spawn-cpu-map: a CPU-bound map on worker JVMs
// Seed 001 pool. Run: ./examples/kts spawn-cpu-map (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/spawn/SpawnPool.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { spawnCpuMap() }
