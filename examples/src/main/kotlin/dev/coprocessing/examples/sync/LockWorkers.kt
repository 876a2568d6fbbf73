package dev.coprocessing.examples.sync

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import kotlin.random.Random

/**
 * Seed 001, "processes compete for the output": three workers print "running", sleep a random time and print
 * "done". Without a lock their lines interleave: watch a second "running" appear before the first "done".
 */
suspend fun workersInterleaved() = multiprocessing {
    fun work(n: Int) = Process {
        println("$n: ${currentProcess().pid} is running")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("$n:${currentProcess().pid} is done")
    }
    repeat(3) { n -> work(n).start() }
}

/**
 * Seed 001, "with a lock": five workers take one shared Lock around their two prints, so each "running" is
 * followed by its own "done". Which worker goes first is up to the scheduler; the pairs never interleave.
 */
suspend fun workersWithLock() = multiprocessing {
    val lock = Lock()   // made in the main process and shared with every child, as CPython passes it in args
    fun work(n: Int) = Process {
        lock.acquire()
        println("$n: ${currentProcess().pid} is running")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("$n:${currentProcess().pid} is done")
        lock.release()
    }
    repeat(5) { n -> work(n).start() }
}
