// pool-async-results: apply_async with tasks that return; get prints them in submission order
// Seed 001 Pool. Run: ./examples/kts pool-async-results (no Kotlin install needed), or kotlinc -script this file.
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
 * Seed 001, "有返回值的情况": the tasks return their stars and the main process prints them with `get()`, in
 * submission order, one second after the start.
 */
suspend fun poolAsyncResults() = multiprocessing {
    suspend fun wahaha(i: Int): String {
        sleep(1.0)
        return "*".repeat(i)
    }

    val p = Pool(5)
    val res1 = (1 until 5).map { i -> p.applyAsync { wahaha(i) } }
    for (r in res1) println(r.get())
    p.close()
    p.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolAsyncResults() }
