// pool-map: map prints from the workers, then returns [0, 1, 4, ..., 81] in input order
// Seed 001 Pool. Run: ./examples/kts pool-map (no Kotlin install needed), or kotlinc -script this file.
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
 * Seed 001, "map": `p.map(func=wahaha, iterable=range(1, 5))` prints from the workers; then a map that returns
 * `i * i` for `range(10)` gives the list in input order, after about one second (ten half-second tasks on five
 * workers).
 */
suspend fun poolMap() = multiprocessing {
    val p = Pool(5)
    p.map(1 until 5) { i ->
        sleep(1.0)
        println("*".repeat(i))
    }
    val res = p.map(0 until 10) { i ->
        sleep(0.5)
        i * i
    }
    println(res)
    p.close()
    p.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolMap() }
