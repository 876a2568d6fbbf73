// thread-daemon: a daemon beats while the block waits for a non-daemon thread, then stops with the block
// Seed 003 threading. Run: ./examples/kts thread-daemon (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/thread/DaemonThreads.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.thread.Thread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, daemon threads: "a daemon thread waits for every non-daemon thread to end, then ends with the main
 * process". The daemon beats every 0.3 s forever; the non-daemon worker needs 1 s. The main code is done at
 * once, yet the block waits for the worker, while the daemon keeps beating; then the block ends and stops the
 * daemon (it is interrupted, as CPython kills daemon threads at exit), without waiting for it.
 */
suspend fun daemonThreads() {
    lateinit var heartbeat: Thread
    multiprocessing {
        heartbeat = Thread(name = "heartbeat", daemon = true) {
            while (true) {
                println("daemon: beat")
                java.lang.Thread.sleep(300)
            }
        }
        val worker = Thread(name = "worker") {
            java.lang.Thread.sleep(1000)
            println("non-daemon: done after 1 s")
        }
        heartbeat.start()
        worker.start()
        println("main: done (the block still waits for the non-daemon thread)")
    }
    heartbeat.join(kotlin.time.Duration.parse("10s"))
    println("block ended; the daemon is alive: ${heartbeat.isAlive()}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { daemonThreads() }
