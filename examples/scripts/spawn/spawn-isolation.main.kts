// spawn-isolation: on spawn, each child's n -= 1 is its own: 999 ten times, then 1000
// Seed 000 processes. Run: ./examples/kts spawn-isolation (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/spawn/SpawnIsolation.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { spawnIsolation() }
