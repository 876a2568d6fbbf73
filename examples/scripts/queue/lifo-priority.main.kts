// lifo-priority: Queue, LifoQueue and PriorityQueue: three orders
// Seed 003 queue. Run: ./examples/kts lifo-priority (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/LifoAndPriority.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.queue.LifoQueue
import dev.coprocessing.queue.PriorityQueue
import dev.coprocessing.queue.Queue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003: the three orders of Python's `queue` module, all safe to share between threads and processes.
 * Watch: Queue gives 1 2 3 (first in, first out), LifoQueue 3 2 1 (last in, first out), and PriorityQueue
 * the lowest priority number first, equal priorities in the order they were put.
 */
suspend fun lifoAndPriority() = multiprocessing {
    val fifo = Queue<Int>()
    val lifo = LifoQueue<Int>()
    for (i in 1..3) {
        fifo.put(i)
        lifo.put(i)
    }
    println("Queue:         ${List(3) { fifo.get() }}")
    println("LifoQueue:     ${List(3) { lifo.get() }}")

    // Python puts (priority, item) tuples; a Pair with a comparator on the priority does the same.
    val byPriority = PriorityQueue<Pair<Int, String>>(comparator = compareBy { it.first })
    byPriority.put(3 to "write the report")
    byPriority.put(1 to "fix the outage")
    byPriority.put(2 to "answer the email")
    byPriority.put(1 to "call the customer")
    repeat(4) {
        val (priority, task) = byPriority.get()
        println("PriorityQueue: $priority $task")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { lifoAndPriority() }
