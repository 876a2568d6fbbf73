// queue-between-processes: parent<->child and child<->child through a queue
// Seed 004 queue. Run: ./examples/kts queue-between-processes (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/QueueBetweenProcesses.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004: a queue carries data between a parent and its child, and between two children. First the
 * parent puts a message, the child gets it and puts an answer, the parent gets the answer after joining
 * the child. Then child 2 (started first) waits in `get()` until child 1 puts.
 */
suspend fun queueBetweenProcesses() = multiprocessing {
    // Parent and child.
    fun producer(queue: Queue<String>) = Process {
        println("from the main process :>>> ${queue.get()}")
        queue.put("dau process")
    }

    val queue = Queue<String>()
    queue.put("main process")
    val processDaughter = producer(queue)
    processDaughter.start()
    processDaughter.join()
    println("from the child process :>>> ${queue.get()}")

    // Child and child.
    fun producerOne(queue: Queue<String>, name: Int) = Process {
        println("$name put")
        queue.put("dau process one put")
    }

    fun producerTwo(queue: Queue<String>, name: Int) = Process {
        println("$name get:>>> ${queue.get()}")
    }

    val shared = Queue<String>()
    val a = producerOne(shared, 1)
    val b = producerTwo(shared, 2)
    b.start()   // the getter starts first and waits
    a.start()
    b.join()
    a.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { queueBetweenProcesses() }
