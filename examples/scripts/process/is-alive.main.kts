// is-alive: isAlive() while a child runs
// Seed 000 processes. Run: ./examples/kts is-alive (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/Terminate.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/** Seed 000: `isAlive()` tells whether a child is still running. */
suspend fun isAlive() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.daemon = true   // so that the main process does not wait for this endless child
    p.start()
    println(p.isAlive())   // true
    sleep(2.0)
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { isAlive() }
