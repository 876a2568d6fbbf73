// producer-consumer: 1 producer, 1 consumer, a null sentinel ends the consumer
// Seed 001 queue. Run: ./examples/kts producer-consumer (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/ProducerConsumer.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001: one producer makes ten buns, one consumer eats them; the producer puts `null` (Python's None)
 * when it is done, and the consumer stops when it gets it. Watch: buns are eaten in the order they were
 * made, and both processes end.
 */
suspend fun producerConsumerSentinel() = multiprocessing {
    fun consumer(q: Queue<String?>) = Process {
        while (true) {
            val baoZi = q.get() ?: break   // null is the end-of-work sentinel
            sleep(Random.nextDouble())
            println("${currentProcess().pid} ate $baoZi")
        }
    }

    fun producer(q: Queue<String?>) = Process {
        for (i in 1..10) {
            sleep(Random.nextDouble())
            val baoZi = "bun $i"
            q.put(baoZi)
            println("${currentProcess().pid} made $baoZi")
        }
        q.put(null)
    }

    val q = Queue<String?>()
    val p = producer(q)
    val c = consumer(q)
    p.start()
    c.start()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { producerConsumerSentinel() }
