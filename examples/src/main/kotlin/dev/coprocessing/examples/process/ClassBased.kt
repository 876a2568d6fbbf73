package dev.coprocessing.examples.process

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlin.time.TimeSource

/** Seed 000: a process class with constructor arguments; `run()` is what the child executes. */
class MyServer1(private val x: Int, private val y: Int) : Process() {
    override suspend fun run() {
        while (true) {
            sleep(1.0)
            println("MYserver1 ($x, $y)")
        }
    }
}

/** Seed 000: a process class that prints five times. */
class MyServer2 : Process() {
    override suspend fun run() {
        repeat(5) {
            sleep(1.0)
            println("MYserver2222")
        }
    }
}

/**
 * Seed 000: the daemon `MyServer1` prints until the main body ends after 6 s; `MyServer2`, started at 2 s,
 * prints five times and is waited for. The wall-clock time printed is about 6 s (the main body; 0 under
 * `--fast`, where sleeps take no real time); the block itself returns once MyServer2 is done at about 7 s.
 */
suspend fun classServers() = multiprocessing {
    val start = TimeSource.Monotonic.markNow()
    val cp1 = MyServer1(1, 2)
    cp1.daemon = true
    cp1.start()            // start() calls run() in the new process
    sleep(2.0)
    val cp2 = MyServer2()
    cp2.start()
    sleep(4.0)
    println("%.1f s of wall-clock time".format(start.elapsedNow().inWholeMilliseconds / 1000.0))
}

/** Seed 004: the second way to create processes, a subclass overriding `run()`, five at a time. */
class MyProcess : Process() {
    override suspend fun run() {
        println("1 from $name (pid ${currentProcess().pid})")
    }
}

/** Seed 004: start five `MyProcess`es, then join them all. */
suspend fun fiveSubclassed() = multiprocessing {
    val tasks = List(5) { MyProcess().also { it.start() } }
    tasks.forEach { it.join() }
}
