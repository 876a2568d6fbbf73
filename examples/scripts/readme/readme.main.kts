// readme: the README's example: a queue with a None sentinel, then a pool
// Seed README. Run: ./examples/kts readme (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/docs/readme/QueueThenPool.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.pool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

suspend fun main() = multiprocessing {
    val q = Queue<String?>()
    val worker = Process { while (true) println("${currentProcess().name} got ${q.get() ?: break}") }
    worker.start()
    listOf("spam", "eggs", null).forEach { q.put(it) }   // null is the sentinel, as None is in Python
    worker.join()
    val squares = pool(4) { map(1..10) { sleep(0.1); it * it } }
    println(squares)
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { main() }
