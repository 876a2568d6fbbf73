@file:JvmName("QueueFragments")

package dev.coprocessing.docs.queues

import dev.coprocessing.docs.checkStillMainProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.LifoQueue
import dev.coprocessing.queue.PriorityQueue
import dev.coprocessing.queue.SimpleQueue
import java.io.EOFException

/** The shorter blocks of docs/queues-and-pipes.md, each run in the main process, one after another. */
suspend fun main() = multiprocessing {
    joinableQueue()
    checkStillMainProcess("JoinableQueue")
    otherQueues()
    checkStillMainProcess("LifoQueue, PriorityQueue, SimpleQueue")
    pipe()
    checkStillMainProcess("Pipe and Connection")
}

private suspend fun joinableQueue() {
    // doc:start docs/queues-and-pipes.md
    val q = JoinableQueue<String>()
    val eater = Process(daemon = true) {
        while (true) {
            println("ate ${q.get()}")
            q.taskDone()               // one call per item taken, once it is processed
        }
    }
    eater.start()
    repeat(3) { q.put("dish $it") }
    q.join()                           // returns when all three have been marked done
    // doc:end
}

private suspend fun otherQueues() {
    // doc:start docs/queues-and-pipes.md
    val stack = LifoQueue<Int>()                 // get() returns the newest item
    val tasks = PriorityQueue<Pair<Int, String>>(comparator = compareBy { it.first })
    tasks.put(2 to "later"); tasks.put(1 to "first"); tasks.put(1 to "second")
    println(tasks.get())                         // (1, first): equal priorities keep insertion order
    val simple = SimpleQueue<String>()           // put() never waits
    // doc:end
    stack.put(1); stack.put(2)
    simple.put("simple")
    println("${stack.get()} ${tasks.get()} ${simple.get()}")
}

private suspend fun pipe() {
    // doc:start docs/queues-and-pipes.md
    val (parentEnd, childEnd) = Pipe<String>()
    val p = Process {
        childEnd.send("hello")
        childEnd.close()
    }
    p.start()
    println(parentEnd.recv())             // hello
    try { parentEnd.recv() } catch (e: EOFException) { println("the child closed its end") }
    // doc:end
}
