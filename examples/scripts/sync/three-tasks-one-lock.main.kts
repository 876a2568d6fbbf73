// three-tasks-one-lock: three introductions under one Lock: each person's three lines stay together
// Seed 002 lock. Run: ./examples/kts three-tasks-one-lock (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/ThreeTasks.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { threeTasksOneLock() }
