package dev.coprocessing.examples.process

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep

/** Seed 000: `isAlive()` tells whether a child is still running. */
suspend fun isAlive() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.daemon = true   // so that the main process does not wait for this endless child
    p.start()
    println(p.isAlive())   // true
    sleep(2.0)
}

/**
 * Seed 000: `terminate()` is asynchronous and non-blocking: right after it the child is usually still alive
 * (True), a moment later it is gone (False), and its exit code says it was terminated (-15, SIGTERM).
 */
suspend fun terminate() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.start()
    println(p.isAlive())   // true
    sleep(2.0)
    p.terminate()          // asks the child to stop; does not wait
    println(p.isAlive())   // true: the request has not been acted on yet
    sleep(2.0)
    println(p.isAlive())   // false
    println("exit code ${p.exitCode}")
}
