// executor-map: ProcessPoolExecutor(5).map: returns at once, results lazy and in order
// Seed 003 concurrent.futures. Run: ./examples/kts executor-map (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/futures/ExecutorMap.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003: `pool = ProcessPoolExecutor(5)`, `ret = pool.map(func, iter)`, then `for r in ret: print(r)`.
 * `map` returns at once; its results are lazy and come in the order of the input, each as soon as it (and
 * those before it) are ready. Watch the five workers share the ten tasks.
 */
suspend fun executorMap() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    val ret = pool.map(1..10) { i ->
        sleep(0.5)
        println("  task $i ran in ${currentProcess().name}")
        i * i
    }
    println("map returned at once; the results come as they are ready:")
    ret.collect { r -> println("result $r") }
    pool.shutdown()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { executorMap() }
