// cook-and-eater: Queue(3) between a fast cook and a slow eater; get with a timeout
// Seed 002 queue. Run: ./examples/kts cook-and-eater (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/CookAndEater.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 002: the cook (producer) and the eater (consumer) decoupled by a `Queue(3)`. The cook is fast, the
 * eater slow: once three dishes wait, the cook's `put` blocks until the eater takes one. When the cook is
 * done the eater gets with `block = true, timeout = 2 s`, and stops when nothing comes. Finally
 * `put(block = false)` on a full queue raises Full at once. Watch: never more than 3 dishes on the counter.
 */
suspend fun cookAndEater() = multiprocessing {
    val counter = Queue<String>(3)

    val cook = Process {
        for (i in 1..8) {
            sleep(0.2)
            counter.put("dish $i")   // blocks while the counter holds 3 dishes
            println("cook made dish $i (${counter.qsize()} on the counter)")
        }
    }

    val eater = Process {
        while (true) {
            val dish = try {
                counter.get(block = true, timeout = 2.seconds)
            } catch (e: Empty) {
                println("eater waited 2 s and nothing came: done")
                break
            }
            println("eater ate $dish")
            sleep(1.0)
        }
    }

    cook.start()
    eater.start()
    cook.join()
    eater.join()

    repeat(3) { counter.put("leftover $it") }
    try {
        counter.put("one more", block = false)   // full, and block = false: raises at once
    } catch (e: Full) {
        println("put(block = false) on a full counter raised Full")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { cookAndEater() }
