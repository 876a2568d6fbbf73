// executor-submit-loop: for + submit = map: one Future per task, results read in order
// Seed 003 concurrent.futures. Run: ./examples/kts executor-submit-loop (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/futures/SubmitLoop.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003: "for + submit(func, arg1, arg2) = map". Submitting in a loop gives one task object (a Future)
 * per call; reading their results in the order of submission gives what `map` gives.
 */
suspend fun submitLoop() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    fun func(a: Int, b: Int): Int = a * b
    val tasks = (1..10).map { i -> pool.submit { sleep(0.2); func(i, i + 1) } }
    println("submitted ${tasks.size} tasks")
    for (task in tasks) println("result ${task.result()}")
    pool.shutdown()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { submitLoop() }
