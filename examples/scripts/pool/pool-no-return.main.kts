// pool-no-return: apply_async with tasks that print; close and join wait for all of them
// Seed 001 Pool. Run: ./examples/kts pool-no-return (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/pool/PoolApply.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "没有返回值的情况": five `apply_async` calls whose tasks print instead of returning. `close()` stops
 * new submissions and `join()` waits for all five; the lines come together after about one second.
 */
suspend fun poolNoReturn() = multiprocessing {
    suspend fun wahaha(i: Int) {
        sleep(1.0)
        println("*".repeat(i))
    }

    val p = Pool(5)
    for (i in 0 until 5) {
        p.applyAsync { wahaha(i) }
    }
    p.close() // no more tasks
    p.join() // wait for the tasks in the pool to finish
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolNoReturn() }
