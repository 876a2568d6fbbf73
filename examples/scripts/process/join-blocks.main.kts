// join-blocks: join() waits for the child: 'main' comes after 'end'
// Seed 000 processes. Run: ./examples/kts join-blocks (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/StartAndJoin.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/** Seed 000: `join()` blocks until the child has ended, so "main" is printed after "end". */
suspend fun joinBlocks() = multiprocessing {
    val p = Process {
        println("start ${currentProcess().pid}")
        sleep(5.0)
        println("end ${currentProcess().pid}")
    }
    p.start()   // asynchronous, non-blocking
    p.join()    // synchronous, blocking: returns when p has ended
    println("main ${currentProcess().pid}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { joinBlocks() }
