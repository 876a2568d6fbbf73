// pool-callback: the task runs in a worker, its callback in the main process's result handler
// Seed 001 Pool. Run: ./examples/kts pool-callback (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/pool/PoolCallback.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "回调函数": `apply_async(func1, args=(10,), callback=func2)`. The task runs in a worker process; the
 * callback runs in the main process, in the pool's result handler, as soon as the task is done. Compare the
 * process names and pids of the three lines.
 */
suspend fun poolCallback() = multiprocessing {
    fun func1(n: Int): Int {
        println("in func1 ${currentProcess().name} pid=${currentProcess().pid}")
        return n * n
    }

    fun func2(nn: Int) {
        println("in func2 ${currentProcess().name} pid=${currentProcess().pid} thread=${Thread.currentThread().name}")
        println(nn)
    }

    println("main process: ${currentProcess().name} pid=${currentProcess().pid}")
    val p = Pool(5)
    p.applyAsync(callback = { nn: Int -> func2(nn) }) { func1(10) }
    p.close()
    p.join() // the callback has run when join() returns
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolCallback() }
