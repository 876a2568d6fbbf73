// ktv-semaphore: six people, four KTV rooms (Semaphore(4)): never more than four inside
// Seed 001 semaphore. Run: ./examples/kts ktv-semaphore (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Ktv.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Semaphore
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, the KTV: four singing rooms (a Semaphore of 4) and six people. The first four go straight in;
 * the fifth and sixth wait outside until someone leaves. Watch: never more than four inside at once.
 */
suspend fun ktvSemaphore() = multiprocessing {
    val rooms = Semaphore(4)
    fun ktv(person: Int) = Process {
        rooms.acquire()                             // take a room, or wait for one
        println("person $person came in to sing")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("person $person left the KTV")
        rooms.release()                             // give the room back
    }
    repeat(6) { person -> ktv(person).start() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { ktvSemaphore() }
