package dev.coprocessing.examples.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Semaphore
import kotlin.random.Random

/**
 * Seed 001, the KTV: four singing rooms (a Semaphore of 4) and six people. The first four go straight in;
 * the fifth and sixth wait outside until someone leaves. Watch: never more than four inside at once.
 */
suspend fun ktvSemaphore() = multiprocessing {
    val rooms = Semaphore(4)
    fun ktv(person: Int) = Process {
        rooms.acquire()                             // take a room, or wait for one
        println("person $person came in to sing")
        sleep(Random.nextDouble(0.05, 1.0))         // a random while, as random.random()
        println("person $person left the KTV")
        rooms.release()                             // give the room back
    }
    repeat(6) { person -> ktv(person).start() }
}
