package dev.coprocessing.examples.process

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import java.util.concurrent.atomic.AtomicInteger

/**
 * Seed 000: in CPython every child gets a copy of the parent's globals, so ten children doing `n -= 1` each print
 * 999 and the parent still prints 1000. Here processes share one memory, as threads do: a child sees the
 * parent's objects themselves. To get CPython's isolation, give each child its own copy (first half); to share
 * on purpose, share a thread-safe object (second half), as a `Manager` value would be shared in CPython.
 */
suspend fun dataIsolation() = multiprocessing {
    val n = 1000
    val copies = List(10) {
        Process {
            var mine = n   // this child's own copy, as after a fork
            mine -= 1
            println(mine)  // 999
        }.also { it.start() }
    }
    copies.forEach { it.join() }
    println("___>>> $n")   // 1000: no child changed the parent's n

    val shared = AtomicInteger(1000)
    val sharers = List(10) { Process { println(shared.decrementAndGet()) }.also { it.start() } }
    sharers.forEach { it.join() }
    println("shared ___>>> ${shared.get()}")   // 990: every child changed the same object
}
