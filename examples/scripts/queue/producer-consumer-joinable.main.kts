// producer-consumer-joinable: version 3: JoinableQueue and daemon consumers
// Seed 004 queue. Run: ./examples/kts producer-consumer-joinable (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/ProducerConsumerVersions.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004, version 3: a JoinableQueue. Each chef `join()`s the queue after its portions, which returns once
 * every portion has been eaten (`taskDone()`); the customers are daemons, stopped when the main block ends
 * after joining the chefs. Watch: four portions made, four eaten, no marker, and the program ends.
 */
suspend fun producerConsumerJoinable() = multiprocessing {
    fun producer(name: String, food: String, queue: JoinableQueue<String>) = Process {
        for (i in 0 until 2) {
            val data = "chef $name made portion $i of $food!"
            sleep(Random.nextInt(1, 5).toDouble())
            queue.put(food)
            println("producer $name :>>>>  $data")
        }
        queue.join()   // waits until every portion put so far has been eaten
    }

    fun customer(name: String, queue: JoinableQueue<String>) = Process {
        while (true) {
            val food = queue.get()
            sleep(Random.nextInt(1, 5).toDouble())
            println("$name is eating $food")
            queue.taskDone()
        }
    }

    val queue = JoinableQueue<String>()
    val producerOne = producer("onef", "ice", queue)
    val producerTwo = producer("twof", "cream", queue)
    val customerOne = customer("onee", queue)
    val customerTwo = customer("twoe", queue)
    // Daemon customers: they live while the main process does, and end with it.
    customerOne.daemon = true
    customerTwo.daemon = true
    listOf(producerOne, producerTwo, customerOne, customerTwo).forEach { it.start() }
    producerOne.join()
    producerTwo.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { producerConsumerJoinable() }
