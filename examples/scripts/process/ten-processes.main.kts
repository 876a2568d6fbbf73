// ten-processes: ten children in any order, then 'hahhahaha' after every join
// Seed 000 processes. Run: ./examples/kts ten-processes (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/StartAndJoin.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 000: start ten processes, then join them all. The children print in any order; "hahhahaha" always
 * comes last, because it is printed only after every join has returned.
 */
suspend fun tenProcesses() = multiprocessing {
    val processes = List(10) { i ->
        Process { println("start $i") }.also { it.start() }
    }
    processes.forEach { it.join() }
    println("hahhahaha")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { tenProcesses() }
