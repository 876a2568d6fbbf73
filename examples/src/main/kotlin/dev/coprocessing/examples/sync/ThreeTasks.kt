package dev.coprocessing.examples.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import kotlin.random.Random

/**
 * Seed 002: three people introduce themselves in three lines each, pausing 0-2 s between lines. One Lock
 * shared by all three keeps each introduction together; without it the lines would mix. A lock, unlike join(),
 * keeps the start order fair: whoever gets it first speaks first.
 */
suspend fun threeTasksOneLock() = multiprocessing {
    val lock = Lock()
    fun introduce(name: String, gender: String, age: Int) = Process {
        lock.acquire()                  // like an if: only one gets past it at a time
        println("hello iam $name")
        sleep(Random.nextInt(0, 3).toDouble())
        println("gender is $gender")
        sleep(Random.nextInt(0, 3).toDouble())
        println("age is $age")
        lock.release()                  // done: let the next one in
    }
    val p1 = introduce("jerry", "boy", 15)
    val p2 = introduce("owen", "girl", 48)
    val p3 = introduce("jason", "women", 26)
    p1.start()
    p2.start()
    p3.start()
}
