// first-process: start() does not wait: the main process prints first
// Seed 000 processes. Run: ./examples/kts first-process (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/StartAndJoin.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 000: the first child process. `start()` returns at once (asynchronous, non-blocking), so the main
 * process usually prints before the child; the main process still waits for the child before it ends.
 */
suspend fun firstProcess() = multiprocessing {
    val p = Process {
        println("start ${currentProcess().pid}")
        sleep(3.0)
        println("end ${currentProcess().pid} ${currentProcess().ppid}")
    }
    p.start()
    println("main1 ${currentProcess().pid}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { firstProcess() }
