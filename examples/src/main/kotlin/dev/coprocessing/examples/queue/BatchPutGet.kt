package dev.coprocessing.examples.queue

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import java.time.LocalTime
import java.time.format.DateTimeFormatter

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
