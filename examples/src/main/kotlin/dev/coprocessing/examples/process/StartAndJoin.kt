package dev.coprocessing.examples.process

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlin.random.Random

/**
 * Seed 000: the first child process. `start()` returns at once (asynchronous, non-blocking), so the main
 * process usually prints before the child; the main process still waits for the child before it ends.
 */
suspend fun firstProcess() = multiprocessing {
    val p = Process {
        println("start ${currentProcess().pid}")
        sleep(3.0)
        println("end ${currentProcess().pid} ${currentProcess().ppid}")
    }
    p.start()
    println("main1 ${currentProcess().pid}")
}

/** Seed 000: `join()` blocks until the child has ended, so "main" is printed after "end". */
suspend fun joinBlocks() = multiprocessing {
    val p = Process {
        println("start ${currentProcess().pid}")
        sleep(5.0)
        println("end ${currentProcess().pid}")
    }
    p.start()   // asynchronous, non-blocking
    p.join()    // synchronous, blocking: returns when p has ended
    println("main ${currentProcess().pid}")
}

/**
 * Seed 000: start ten processes, then join them all. The children print in any order; "hahhahaha" always
 * comes last, because it is printed only after every join has returned.
 */
suspend fun tenProcesses() = multiprocessing {
    val processes = List(10) { i ->
        Process { println("start $i") }.also { it.start() }
    }
    processes.forEach { it.join() }
    println("hahhahaha")
}

/**
 * Seed 004: what a child can learn about itself: its pid (`current_process().pid`, `os.getpid()`) and its
 * parent's (`os.getppid()`). Then five children, each checked with `isAlive()`, terminated at once (it is
 * still alive right after `terminate()`: termination is asynchronous) and joined.
 */
suspend fun processInfo() = multiprocessing {
    val info = Process {
        println("current_process().pid = ${currentProcess().pid}")
        println("os.getppid()          = ${currentProcess().ppid}")
    }
    info.start()
    info.join()
    println("main pid              = ${currentProcess().pid}")

    val tasks = List(5) {
        val task = Process { sleep(1.0) }
        task.start()
        println("alive after start: ${task.isAlive()}")
        task.terminate()
        println("alive right after terminate: ${task.isAlive()}  (pid ${task.pid})")
        task
    }
    tasks.forEach { it.join() }
    println("exit codes after join: ${tasks.map { it.exitCode }}")
}

private suspend fun buy(fruit: String) {
    val seconds = Random.nextDouble(1.0, 3.0)
    println("start buy $fruit %.2f".format(seconds))
    sleep(seconds)
    println("end buy $fruit")
}

/**
 * Seed 003: three people go to buy fruit. Joining each one in turn waits for that person only: the
 * "is back" lines come in the order of the joins, but the buying itself happens concurrently.
 */
suspend fun buyFruitJoinEach() = multiprocessing {
    val oranges = Process { buy("oranges") }.also { it.start() }
    val apples = Process { buy("apples") }.also { it.start() }
    val durian = Process { buy("durian") }.also { it.start() }
    oranges.join()
    println("the one buying oranges is back")
    apples.join()
    println("the one buying apples is back")
    durian.join()
    println("the one buying durian is back")
}

/** Seed 003: start all three, then join all three: the total time is the longest trip, not the sum. */
suspend fun buyFruitJoinAll() = multiprocessing {
    val buyers = listOf("oranges", "apples", "durian").map { fruit -> Process { buy(fruit) }.also { it.start() } }
    println(buyers)
    buyers.forEach { it.join() }
    println("everyone is back")
}

/** Seed 003: `start()` then `join()` in the same loop makes the trips one after another: serial, not concurrent. */
suspend fun buyFruitSerial() = multiprocessing {
    for (fruit in listOf("oranges", "apples", "durian")) {
        val p = Process { buy(fruit) }
        p.start()
        p.join()
    }
    println("everyone is back, one after another")
}
