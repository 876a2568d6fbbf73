package dev.coprocessing.examples.queue

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.random.Random

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
