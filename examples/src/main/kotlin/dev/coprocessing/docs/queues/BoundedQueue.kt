@file:JvmName("BoundedQueue")

package dev.coprocessing.docs.queues

// doc:start docs/queues-and-pipes.md
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue

suspend fun main() = multiprocessing {
    val q = Queue<String?>(maxsize = 3)
    val consumer = Process {
        while (true) {
            val item = q.get() ?: break     // null is Python's None sentinel
            println("got $item")
        }
    }
    consumer.start()
    for (i in 1..10) q.put("item $i")       // waits while 3 items are queued
    q.put(null)
}
// doc:end
