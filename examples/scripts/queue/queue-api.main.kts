// queue-api: put/get with timeouts, empty, full, getNowait
// Seed 004 queue. Run: ./examples/kts queue-api (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/QueueApi.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Queue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004: the five calls of a queue. `put` into a full queue blocks until a `get` makes room; `put` and
 * `get` take a timeout; `empty()` and `full()` say where the queue stands; `getNowait()` raises Empty on an
 * empty queue instead of waiting.
 */
suspend fun queueApi() = multiprocessing {
    val q = Queue<Int>(3)   // maxsize: at most 3 items
    q.put(1)
    q.put(2)
    q.put(3)
    // q.put(4) would block here: the queue is full. Take one out first, then there is room.
    q.get()
    q.put(4)
    println(q.get())
    println(q.get())
    println(q.get())

    val p = Queue<Int>()
    p.put(1, timeout = 2.seconds)   // would raise Full after 2 s if there were no room
    p.put(1, timeout = 2.seconds)
    p.put(1, timeout = 2.seconds)
    println(p.empty())
    println(p.full())
    println(p.getNowait())
    println(p.get(timeout = 2.seconds))
    println(p.getNowait())
    try {
        p.getNowait()
    } catch (e: Empty) {
        println("getNowait() on an empty queue raised Empty")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { queueApi() }
