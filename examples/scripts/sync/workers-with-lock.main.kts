// workers-with-lock: five workers share one Lock: each running line is followed by its own done
// Seed 001 lock. Run: ./examples/kts workers-with-lock (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/LockWorkers.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "with a lock": five workers take one shared Lock around their two prints, so each "running" is
 * followed by its own "done". Which worker goes first is up to the scheduler; the pairs never interleave.
 */
suspend fun workersWithLock() = multiprocessing {
    val lock = Lock()   // made in the main process and shared with every child, as CPython passes it in args
    fun work(n: Int) = Process {
        lock.acquire()
        println("$n: ${currentProcess().pid} is running")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("$n:${currentProcess().pid} is done")
        lock.release()
    }
    repeat(5) { n -> work(n).start() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { workersWithLock() }
