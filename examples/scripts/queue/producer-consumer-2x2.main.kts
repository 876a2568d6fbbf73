// producer-consumer-2x2: 2 producers, 2 consumers, one null sentinel per consumer
// Seed 001 queue. Run: ./examples/kts producer-consumer-2x2 (no Kotlin install needed), or kotlinc -script this file.
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
 * Seed 001: two producers and two consumers. The main process waits for both producers, then puts one
 * `null` per consumer, so each consumer gets its own sentinel. Watch: all twenty buns are eaten, each once,
 * and both consumers stop.
 */
suspend fun producerConsumerTwoByTwo() = multiprocessing {
    fun consumer(q: Queue<String?>) = Process {
        while (true) {
            val baoZi = q.get() ?: break
            sleep(Random.nextDouble())
            println("${currentProcess().pid} ate $baoZi")
        }
        println("${currentProcess().pid} got the sentinel and stops")
    }

    fun producer(q: Queue<String?>) = Process {
        for (i in 1..10) {
            sleep(Random.nextDouble())
            val baoZi = "bun $i of ${currentProcess().pid}"
            q.put(baoZi)
            println("${currentProcess().pid} made $baoZi")
        }
    }

    val q = Queue<String?>()
    val p1 = producer(q)
    val p2 = producer(q)
    val c1 = consumer(q)
    val c2 = consumer(q)
    p1.start(); p2.start(); c1.start(); c2.start()
    // Wait until both producers are done, then put the end signals at the back of the queue:
    // as many sentinels as there are consumers.
    p1.join()
    p2.join()
    q.put(null)
    q.put(null)
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { producerConsumerTwoByTwo() }
