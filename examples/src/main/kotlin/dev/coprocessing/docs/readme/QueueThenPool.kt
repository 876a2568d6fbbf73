@file:JvmName("QueueThenPool")

package dev.coprocessing.docs.readme

// doc:start README.md
import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.pool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep

suspend fun main() = multiprocessing {
    val q = Queue<String?>()
    val worker = Process { while (true) println("${currentProcess().name} got ${q.get() ?: break}") }
    worker.start()
    listOf("spam", "eggs", null).forEach { q.put(it) }   // null is the sentinel, as None is in Python
    worker.join()
    val squares = pool(4) { map(1..10) { sleep(0.1); it * it } }
    println(squares)
}
// doc:end
