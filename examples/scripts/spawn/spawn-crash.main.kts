// spawn-crash: a worker JVM crashes: only its task fails, the pool serves on
// Seed 001 pool. Run: ./examples/kts spawn-crash (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/spawn/SpawnPool.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.WorkerLostError
import dev.coprocessing.context.getContext
import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * A worker that crashes (its JVM halts, as after `System.exit` or an `OutOfMemoryError`) fails only the task
 * it held, with `WorkerLostError`; the pool replaces it and serves on. CPython's pool hangs here.
 */
suspend fun spawnCrash() = multiprocessing {
    val pool = getContext("spawn").Pool(1)
    try {
        println("before: ${pool.apply { "served by ${currentProcess().name}" }}")
        try {
            pool.apply { Runtime.getRuntime().halt(3) }
        } catch (e: WorkerLostError) {
            println("lost: exit code ${e.exitCode}")
        }
        println("after: ${pool.apply { "served by ${currentProcess().name}" }}")
    } finally {
        pool.close()
        pool.join()
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { spawnCrash() }
