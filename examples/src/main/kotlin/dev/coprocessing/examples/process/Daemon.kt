package dev.coprocessing.examples.process

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep

/**
 * Seed 000: the daemon `son1` prints every 0.5 s and is terminated when the main body ends after 2 s;
 * the non-daemon `son2` prints its five lines to the end, and the main process waits for it.
 */
suspend fun daemonSons() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.daemon = true      // a daemon ends when the main process's code ends
    p.start()
    val p2 = Process {
        repeat(5) {
            println("son2222")
            sleep(1.0)
        }
    }
    p2.start()
    sleep(2.0)
    println("main body ends: son1 stops now, son2 runs on")
}

/**
 * Seed 002: the emperor and his consort. The consort's life would last 50 s, but she is a daemon: when the
 * emperor's story ends after 3 s, so does hers, and "the consort died of illness" is never printed.
 */
suspend fun emperorAndConsort() = multiprocessing {
    println("the emperor ascends the throne.....")
    val consort = Process {
        println("the consort enters the palace.....")
        sleep(50.0)
        println("the consort died of illness......")
    }
    consort.daemon = true    // must be set before start()
    consort.start()
    sleep(3.0)
    println("the story is over!")
}

private suspend fun steward(name: String) {
    println("steward $name :>>> alive and well!")
    sleep(2.0)
    println("steward $name :>>> end of life!")
}

/**
 * Seed 004: a normal child outlives the main body ("the emperor passed away" comes before the steward's end);
 * a daemon child does not. Setting `daemon` after `start()` fails, as in CPython.
 */
suspend fun emperorAndStewards() {
    println("-- a normal child --")
    multiprocessing {
        println("emperor a rules the land!")
        Process { steward("abc") }.start()
        sleep(1.0)
        println("emperor a passed away!")
    }
    println("-- a daemon child --")
    multiprocessing {
        println("emperor a rules the land!")
        val dream = Process { steward("def") }
        dream.daemon = true
        dream.start()
        try {
            dream.daemon = true
        } catch (e: IllegalStateException) {
            println("setting daemon after start: ${e.message}")
        }
        sleep(1.0)
        println("emperor a passed away!")
    }
}
