// event-basics: is_set, a wait that would block forever (given a timeout here), set, wait
// Seed 001 event. Run: ./examples/kts event-basics (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/TrafficLight.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.sync.Event
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, the Event basics: a new event is not set; waiting on it would block forever (here it gives up
 * after a second); once set, wait() returns at once.
 */
suspend fun eventBasics() = multiprocessing {
    val e = Event()
    println(e.isSet())                                          // False at the start
    println("wait for 1 s on an unset event: ${e.wait(timeout = 1.seconds)}")
    e.set()
    e.wait()
    println(e.isSet())
    println("1")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { eventBasics() }
