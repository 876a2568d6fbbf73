// joinable-kitchen: JoinableQueue: cooks join() until daemon eaters taskDone() every dish
// Seed 001 queue. Run: ./examples/kts joinable-kitchen (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/JoinableKitchen.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001: two cooks put ten dishes each into a JoinableQueue and then `join()` it; two daemon eaters
 * get dishes and call `taskDone()` after each. Watch the order things end in: every dish is eaten, so the
 * cooks' `join()` returns; the cooks end; the main block ends; the daemon eaters are stopped with it.
 */
suspend fun joinableKitchen() = multiprocessing {
    fun producer(name: String, food: String, q: JoinableQueue<String>) = Process {
        for (i in 1..10) {
            sleep(Random.nextDouble())
            println("$name made $food$i")
            q.put("$name$food$i")
        }
        q.join()   // returns once every dish put so far has been eaten (taskDone)
    }

    fun consumer(name: String, q: JoinableQueue<String>) = Process {
        while (true) {
            val getInfo = q.get()
            sleep(Random.nextDouble())
            println("$name ate $getInfo")
            q.taskDone()
        }
    }

    val q = JoinableQueue<String>()
    val p1 = producer("alex", "jiaozi", q)
    val p2 = producer("egon", "bread", q)
    p1.start()
    p2.start()
    val c1 = consumer("aoa", q)
    val c2 = consumer("kuraki", q)
    c1.daemon = true   // they loop forever: daemons end when the main block ends
    c2.daemon = true
    c1.start()
    c2.start()
    p1.join()
    p2.join()
    println("the cooks are done: every dish has been eaten")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { joinableKitchen() }
