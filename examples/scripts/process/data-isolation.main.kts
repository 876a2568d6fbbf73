// data-isolation: children share memory here; copy to isolate, share on purpose
// Seed 000 processes. Run: ./examples/kts data-isolation (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/DataIsolation.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { dataIsolation() }
