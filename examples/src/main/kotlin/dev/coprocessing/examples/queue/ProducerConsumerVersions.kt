package dev.coprocessing.examples.queue

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

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
