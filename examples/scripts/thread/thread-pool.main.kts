// thread-pool: ThreadPool(3).map: a Pool whose workers are threads of this process
// Seed 003 pools. Run: ./examples/kts thread-pool (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/thread/ThreadPoolMap.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.ThreadPool
import dev.coprocessing.thread.currentThread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003's pools, with threads: `multiprocessing.pool.ThreadPool` is a Pool whose workers are threads of this
 * process (`Thread-N (worker)`), for work that waits rather than computes. In a task, `currentProcess()` is the
 * main process, since a thread belongs to its process.
 */
suspend fun threadPoolMap() = multiprocessing {
    val pool = ThreadPool(3)
    val squares = pool.map(1..6) { x ->
        java.lang.Thread.sleep(50)   // work that waits, as I/O does
        x * x
    }
    println("squares: $squares")
    val where = pool.apply { "${currentProcess().name} / ${currentThread().name.substringAfter(' ')}" }
    println("a task runs in: $where")
    pool.close()
    pool.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { threadPoolMap() }
