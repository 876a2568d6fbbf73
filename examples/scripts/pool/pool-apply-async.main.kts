// pool-apply-async: apply_async on Pool(3), then close, join and get: three pids serve ten tasks
// Seed 001 Pool. Run: ./examples/kts pool-apply-async (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/pool/PoolApply.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.pool.Pool
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "进程池的异步调用": ten `apply_async` calls on a pool of three, then `close()`, `join()` and `get()`.
 * Watch the pids: only three workers, created once, run all ten tasks. The results come back in submission
 * order, whatever order the tasks finished in.
 */
suspend fun poolApplyAsync() = multiprocessing {
    suspend fun work(n: Int): Int {
        println("${currentProcess().pid} run")
        sleep(Random.nextDouble()) // a random pause, as time.sleep(random.random())
        return n * n
    }

    val p = Pool(3) // three workers, created once: the same three run every task
    val resL = mutableListOf<AsyncResult<Int>>()
    for (i in 0 until 10) {
        resL += p.applyAsync { work(i) }
    }
    // Submitted asynchronously: close() and join() wait for the pool's work, then get() collects the results.
    p.close()
    p.join()
    for (res in resL) {
        println(res.get())
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolApplyAsync() }
