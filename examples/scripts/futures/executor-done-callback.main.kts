// executor-done-callback: addDoneCallback: results handled in finishing order, in the main process
// Seed 003 concurrent.futures. Run: ./examples/kts executor-done-callback (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/futures/DoneCallback.kt by ScriptSourcesSpec:
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
 * Seed 003: `task.add_done_callback(callback)`. The callback gets the finished task and reads its result;
 * it runs as soon as the task is done, in the main process (not in the worker that ran the task), so the
 * results are handled in the order the tasks finish, not the order they were submitted.
 */
suspend fun doneCallback() = multiprocessing {
    val pool = ProcessPoolExecutor(5)
    for (i in 1..5) {
        val task = pool.submit {
            sleep(0.2 * (6 - i))   // the last submitted finishes first
            "task $i computed ${i * i} in ${currentProcess().name}"
        }
        task.addDoneCallback { done -> println("callback in ${currentProcess().name}: ${done.result()}") }
    }
    pool.shutdown()   // waits for the tasks and their callbacks
    println("all callbacks have run")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { doneCallback() }
