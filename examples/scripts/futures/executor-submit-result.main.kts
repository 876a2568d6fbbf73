// executor-submit-result: submit returns at once; result() waits; '---->' comes before the stars
// Seed 003 concurrent.futures. Run: ./examples/kts executor-submit-result (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/futures/SubmitResult.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, the program as written: `task = p.submit(func)` returns at once while `func` sleeps one second in
 * a worker; the main process sleeps two seconds, prints `---->`, and then `task.result()` (a blocking call)
 * gives the twenty stars at once, because the task finished meanwhile.
 */
suspend fun submitResult() = multiprocessing {
    suspend fun func(): String {
        sleep(1.0)
        return "*".repeat(20)
    }

    val p = ProcessPoolExecutor(4)
    val task = p.submit { func() }
    sleep(2.0)
    println("---->")
    println(task.result())   // blocks (suspends) until the result is there
    p.shutdown()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { submitResult() }
