// manager-countdown: ten processes count {num: 10} down under acquire()/release(); after 2 s the dict says {num=0}
// Seed 002 Manager. Run: ./examples/kts manager-countdown (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/manager/ManagerDict.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 002, "Manager类": `data = m.dict({"num": 10})` and ten processes that each take the lock with
 * `l.acquire()`, read `num`, write `num - 1` and `l.release()`. The main process does not join them: it sleeps
 * two seconds, by which time all ten have run, and prints the dict.
 */
suspend fun managerCountdown() = multiprocessing {
    manager {
        val data = dict(mapOf("num" to 10))
        val l = Lock()
        suspend fun task() {
            l.acquire()
            try {
                val num = data["num"]!!
                sleep(0.1)
                data["num"] = num - 1
            } finally {
                l.release()
            }
        }
        repeat(10) { Process { task() }.start() }
        sleep(2.0)
        println(data)
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { managerCountdown() }
