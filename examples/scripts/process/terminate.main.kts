// terminate: terminate() is asynchronous: alive right after it, gone later
// Seed 000 processes. Run: ./examples/kts terminate (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/Terminate.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 000: `terminate()` is asynchronous and non-blocking: right after it the child is usually still alive
 * (True), a moment later it is gone (False), and its exit code says it was terminated (-15, SIGTERM).
 */
suspend fun terminate() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.start()
    println(p.isAlive())   // true
    sleep(2.0)
    p.terminate()          // asks the child to stop; does not wait
    println(p.isAlive())   // true: the request has not been acted on yet
    sleep(2.0)
    println(p.isAlive())   // false
    println("exit code ${p.exitCode}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { terminate() }
