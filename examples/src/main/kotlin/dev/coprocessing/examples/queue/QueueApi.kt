package dev.coprocessing.examples.queue

import dev.coprocessing.multiprocessing
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Queue
import kotlin.time.Duration.Companion.seconds

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
