// producer-consumer-hangs: version 1: consumers would wait forever; here they give up after 10 s
// Seed 004 queue. Run: ./examples/kts producer-consumer-hangs (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/ProducerConsumerVersions.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004, version 1: two chefs make two portions each, two customers eat forever. Once the four portions
 * are eaten the customers are left waiting in `get()` for food that never comes, and the program hangs
 * forever. Here the customers wait at most 10 s for the next portion and then say that they would hang,
 * so the example ends. Watch: four portions made, four eaten, then two "would hang forever".
 */
suspend fun producerConsumerHangs() = multiprocessing {
    fun producer(name: String, food: String, queue: Queue<String>) = Process {
        for (i in 0 until 2) {
            val data = "chef $name made portion $i of $food!"
            sleep(Random.nextInt(1, 5).toDouble())   // simulated delay
            queue.put(food)
            println("producer $name :>>>>  $data")
        }
    }

    fun customer(name: String, queue: Queue<String>) = Process {
        while (true) {
            val food = try {
                queue.get(timeout = 10.seconds)   // the seed's queue.get() waits forever here
            } catch (e: Empty) {
                println("$name is still waiting in get() after 10 s: without a timeout it would hang forever")
                break
            }
            sleep(Random.nextInt(1, 5).toDouble())
            println("$name is eating $food")
        }
    }

    val queue = Queue<String>()
    val processList = listOf(
        producer("onef", "ice", queue),
        producer("twof", "cream", queue),
        customer("onee", queue),
        customer("twoe", queue),
    )
    processList.forEach { it.start() }
    processList.forEach { it.join() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { producerConsumerHangs() }
