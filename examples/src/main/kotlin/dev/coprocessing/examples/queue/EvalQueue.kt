package dev.coprocessing.examples.queue

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue

/**
 * Seed 000: a child evaluates an expression and sends the results back through a queue; the main process
 * gets them in the order they were put (FIFO). Watch: four results, first the set, then 2x, 3x and 4x.
 */
suspend fun evalQueue() = multiprocessing {
    fun func(exp: String, q: Queue<Any>) = Process {
        val ret = exp.split('+').sumOf { it.trim().toInt() }   // Python's eval('1+2+3'), for sums
        q.put(setOf(ret, 1, 2))
        q.put(2 * ret)
        q.put(3 * ret)
        q.put(4 * ret)
    }

    val q = Queue<Any>()
    func("1+2+3", q).start()
    println(q.get())   // get() waits until the child has put something
    println(q.get())
    println(q.get())
    println(q.get())
}
