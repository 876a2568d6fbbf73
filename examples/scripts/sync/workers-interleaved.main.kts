// workers-interleaved: three workers without a lock: their running/done lines interleave
// Seed 001 lock. Run: ./examples/kts workers-interleaved (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/LockWorkers.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "processes compete for the output": three workers print "running", sleep a random time and print
 * "done". Without a lock their lines interleave: watch a second "running" appear before the first "done".
 */
suspend fun workersInterleaved() = multiprocessing {
    fun work(n: Int) = Process {
        println("$n: ${currentProcess().pid} is running")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("$n:${currentProcess().pid} is done")
    }
    repeat(3) { n -> work(n).start() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { workersInterleaved() }
