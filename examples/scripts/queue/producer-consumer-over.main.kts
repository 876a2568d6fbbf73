// producer-consumer-over: version 2: an "over" marker per producer stops the consumers
// Seed 004 queue. Run: ./examples/kts producer-consumer-over (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/ProducerConsumerVersions.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004, version 2: each chef puts "over" after its portions, and a customer stops when it gets "over".
 * With two chefs and two customers, each customer gets one "over" and both stop. Watch: "over" is "eaten"
 * twice, as in the seed's output, and the program ends.
 */
suspend fun producerConsumerOver() = multiprocessing {
    fun producer(name: String, food: String, queue: Queue<String>) = Process {
        for (i in 0 until 2) {
            val data = "chef $name made portion $i of $food!"
            sleep(Random.nextInt(1, 5).toDouble())
            queue.put(food)
            println("producer $name :>>>>  $data")
        }
        queue.put("over")   // the end-of-production marker
    }

    fun customer(name: String, queue: Queue<String>) = Process {
        while (true) {
            val food = queue.get()
            sleep(Random.nextInt(1, 5).toDouble())
            println("$name is eating $food")
            if (food == "over") break
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
runBlocking(Dispatchers.Default) { producerConsumerOver() }
