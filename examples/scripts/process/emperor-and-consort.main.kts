// emperor-and-consort: a daemon with a 50 s life ends with the 3 s main body
// Seed 002 daemons. Run: ./examples/kts emperor-and-consort (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/Daemon.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 002: the emperor and his consort. The consort's life would last 50 s, but she is a daemon: when the
 * emperor's story ends after 3 s, so does hers, and "the consort died of illness" is never printed.
 */
suspend fun emperorAndConsort() = multiprocessing {
    println("the emperor ascends the throne.....")
    val consort = Process {
        println("the consort enters the palace.....")
        sleep(50.0)
        println("the consort died of illness......")
    }
    consort.daemon = true    // must be set before start()
    consort.start()
    sleep(3.0)
    println("the story is over!")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { emperorAndConsort() }
