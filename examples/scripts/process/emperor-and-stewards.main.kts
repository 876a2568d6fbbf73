// emperor-and-stewards: a normal child outlives the main body, a daemon does not
// Seed 004 daemons. Run: ./examples/kts emperor-and-stewards (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/Daemon.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

private suspend fun steward(name: String) {
    println("steward $name :>>> alive and well!")
    sleep(2.0)
    println("steward $name :>>> end of life!")
}

/**
 * Seed 004: a normal child outlives the main body ("the emperor passed away" comes before the steward's end);
 * a daemon child does not. Setting `daemon` after `start()` fails, as in CPython.
 */
suspend fun emperorAndStewards() {
    println("-- a normal child --")
    multiprocessing {
        println("emperor a rules the land!")
        Process { steward("abc") }.start()
        sleep(1.0)
        println("emperor a passed away!")
    }
    println("-- a daemon child --")
    multiprocessing {
        println("emperor a rules the land!")
        val dream = Process { steward("def") }
        dream.daemon = true
        dream.start()
        try {
            dream.daemon = true
        } catch (e: IllegalStateException) {
            println("setting daemon after start: ${e.message}")
        }
        sleep(1.0)
        println("emperor a passed away!")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { emperorAndStewards() }
