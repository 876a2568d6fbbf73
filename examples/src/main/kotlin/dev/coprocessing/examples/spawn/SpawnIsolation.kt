package dev.coprocessing.examples.spawn

import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing

/**
 * Seed 000's data isolation, literally: on the `"spawn"` start method each child is a JVM of its own with a
 * copy of what its target captured, so ten children doing `n -= 1` each print 999, and the parent still
 * prints 1000, as in CPython.
 */
suspend fun spawnIsolation() = multiprocessing {
    val spawn = getContext("spawn")
    var n = 1000
    val children = List(10) {
        spawn.Process {
            n -= 1
            println(n)      // 999: this child's own copy
        }.also { it.start() }
    }
    children.forEach { it.join() }
    println("___>>> $n")   // 1000: no child changed the parent's n
}
