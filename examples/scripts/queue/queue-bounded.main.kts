// queue-bounded: Queue(3): put blocks when full, putNowait/getNowait raise Full/Empty
// Seed 000 queue. Run: ./examples/kts queue-bounded (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/BoundedQueue.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import dev.coprocessing.queue.Queue
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 000: a queue of at most 3 items. `put` on a full queue blocks, `putNowait` raises Full (and the item
 * is not put), `getNowait` on an empty queue raises Empty, `get` on an empty queue blocks. The seed's
 * program blocks forever at those points; here each blocking call waits 2 s and then says it would hang.
 */
suspend fun boundedQueue() = multiprocessing {
    val q = Queue<Int>(3)   // at most 3 items
    q.put(1)
    q.put(2)
    q.put(3)
    println(123)
    try {
        q.put(4, timeout = 2.seconds)   // the seed's q.put(4): blocks while the queue is full
    } catch (e: Full) {
        println("put(4) is still blocked after 2 s: the queue is full, it would wait forever")
    }
    try {
        q.putNowait(4)   // does not wait: raises Full, and 4 is not in the queue
    } catch (e: Full) {
        println("putNowait(4) raised Full")
    }
    println(12345)
    println(q.get())
    println(q.get())
    println(q.get())
    try {
        println(q.getNowait())   // empty: raises Empty at once
    } catch (e: Empty) {
        println("getNowait() raised Empty")
    }
    try {
        println(q.get(timeout = 2.seconds))   // the seed's q.get(): blocks while the queue is empty
    } catch (e: Empty) {
        println("get() is still blocked after 2 s: the queue is empty, it would wait forever")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { boundedQueue() }
