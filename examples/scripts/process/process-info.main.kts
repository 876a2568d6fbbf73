// process-info: pid, ppid, isAlive() right after terminate()
// Seed 004 processes. Run: ./examples/kts process-info (no Kotlin install needed), or kotlinc -script this file.
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
 * Seed 004: what a child can learn about itself: its pid (`current_process().pid`, `os.getpid()`) and its
 * parent's (`os.getppid()`). Then five children, each checked with `isAlive()`, terminated at once (it is
 * still alive right after `terminate()`: termination is asynchronous) and joined.
 */
suspend fun processInfo() = multiprocessing {
    val info = Process {
        println("current_process().pid = ${currentProcess().pid}")
        println("os.getppid()          = ${currentProcess().ppid}")
    }
    info.start()
    info.join()
    println("main pid              = ${currentProcess().pid}")

    val tasks = List(5) {
        val task = Process { sleep(1.0) }
        task.start()
        println("alive after start: ${task.isAlive()}")
        task.terminate()
        println("alive right after terminate: ${task.isAlive()}  (pid ${task.pid})")
        task
    }
    tasks.forEach { it.join() }
    println("exit codes after join: ${tasks.map { it.exitCode }}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { processInfo() }
