// queue-eval: a child's eval results come back through a queue, in FIFO order
// Seed 000 queue. Run: ./examples/kts queue-eval (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/EvalQueue.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { evalQueue() }
