// queue-batch: 10 putters and 10 getters share a Queue(3); each message is got once
// Seed 001 queue. Run: ./examples/kts queue-batch (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/BatchPutGet.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import java.time.LocalTime
import java.time.format.DateTimeFormatter
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001: ten processes put a message each into a `Queue(3)` and ten others get one each. Watch: a
 * putter blocks while three messages wait, and every message is got exactly once, by one getter.
 */
suspend fun batchPutGet() = multiprocessing {
    val time = DateTimeFormatter.ofPattern("HH:mm:ss")

    fun inpQue(q: Queue<String>) = Process {
        val info = "${currentProcess().pid}(put):${LocalTime.now().format(time)}"
        q.put(info)
        println(info)
    }

    fun getQue(q: Queue<String>) = Process {
        val info = q.get()
        println("${currentProcess().pid}(get):$info")
    }

    val q = Queue<String>(3)
    val inpList = List(10) { inpQue(q).also { it.start() } }   // input processes
    val getList = List(10) { getQue(q).also { it.start() } }   // output processes
    inpList.forEach { it.join() }
    getList.forEach { it.join() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { batchPutGet() }
