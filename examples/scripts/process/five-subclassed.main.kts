// five-subclassed: the subclass way, five at a time
// Seed 004 processes. Run: ./examples/kts five-subclassed (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/ClassBased.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/** Seed 004: the second way to create processes, a subclass overriding `run()`, five at a time. */
class MyProcess : Process() {
    override suspend fun run() {
        println("1 from $name (pid ${currentProcess().pid})")
    }
}

/** Seed 004: start five `MyProcess`es, then join them all. */
suspend fun fiveSubclassed() = multiprocessing {
    val tasks = List(5) { MyProcess().also { it.start() } }
    tasks.forEach { it.join() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { fiveSubclassed() }
