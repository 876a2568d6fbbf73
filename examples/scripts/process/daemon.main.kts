// daemon: daemon son1 stops when the main body ends; son2 prints 5 times
// Seed 000 processes. Run: ./examples/kts daemon (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/Daemon.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 000: the daemon `son1` prints every 0.5 s and is terminated when the main body ends after 2 s;
 * the non-daemon `son2` prints its five lines to the end, and the main process waits for it.
 */
suspend fun daemonSons() = multiprocessing {
    val p = Process {
        while (true) {
            println("son1 alive")
            sleep(0.5)
        }
    }
    p.daemon = true      // a daemon ends when the main process's code ends
    p.start()
    val p2 = Process {
        repeat(5) {
            println("son2222")
            sleep(1.0)
        }
    }
    p2.start()
    sleep(2.0)
    println("main body ends: son1 stops now, son2 runs on")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { daemonSons() }
