// executor-shutdown: shutdown() waits for every task; submitting afterwards fails
// Seed 003 concurrent.futures. Run: ./examples/kts executor-shutdown (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/futures/Shutdown.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003: `pool.shutdown()` blocks until every task in the pool has run, then the pool is closed: a
 * later `submit` fails with "cannot schedule new futures after shutdown".
 */
suspend fun shutdownWaits() = multiprocessing {
    val pool = ProcessPoolExecutor(3)
    for (i in 1..6) {
        pool.submit {
            sleep(0.3)
            println("task $i done")
        }
    }
    println("main: all submitted, now shutdown()")
    pool.shutdown()
    println("main: shutdown() returned after every task")
    try {
        pool.submit { println("never runs") }
    } catch (e: IllegalStateException) {
        println("main: ${e.message}")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { shutdownWaits() }
