package dev.coprocessing.examples.spawn

import dev.coprocessing.examples.Example

/** The programs that need processes to be JVMs of their own: the `"spawn"` start method. */
object SpawnExamples {
    val all: List<Example> = listOf(
        Example("spawn-isolation", "000 processes", "on spawn, each child's n -= 1 is its own: 999 ten times, then 1000", virtualTime = false) {
            spawnIsolation()
        },
        Example("spawn-cpu-map", "001 pool", "a CPU-bound map on worker JVMs", virtualTime = false) { spawnCpuMap() },
        Example("spawn-crash", "001 pool", "a worker JVM crashes: only its task fails, the pool serves on", virtualTime = false) {
            spawnCrash()
        },
    )
}
