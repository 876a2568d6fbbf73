// pool-apply: apply is synchronous: five tasks, one line every half second, in order
// Seed 001 Pool. Run: ./examples/kts pool-apply (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/pool/PoolApply.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "Pool模块": `p.apply(func=fc, args=(i,))` five times. `apply` is synchronous: each call waits for
 * its task, so the five lines come one every half second, in order, even though the pool has five workers.
 */
suspend fun poolApply() = multiprocessing {
    suspend fun fc(i: Int) {
        sleep(0.5)
        println("func$i ${currentProcess().pid}")
    }

    val p = Pool(5)
    for (i in 0 until 5) {
        p.apply { fc(i) } // synchronous call: waits here until fc(i) has run on a worker
    }
    p.close()
    p.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolApply() }
