// class-servers: Process subclasses with run(), one a daemon
// Seed 000 processes. Run: ./examples/kts class-servers (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/ClassBased.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlin.time.TimeSource
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/** Seed 000: a process class with constructor arguments; `run()` is what the child executes. */
class MyServer1(private val x: Int, private val y: Int) : Process() {
    override suspend fun run() {
        while (true) {
            sleep(1.0)
            println("MYserver1 ($x, $y)")
        }
    }
}

/** Seed 000: a process class that prints five times. */
class MyServer2 : Process() {
    override suspend fun run() {
        repeat(5) {
            sleep(1.0)
            println("MYserver2222")
        }
    }
}

/**
 * Seed 000: the daemon `MyServer1` prints until the main body ends after 6 s; `MyServer2`, started at 2 s,
 * prints five times and is waited for. The wall-clock time printed is about 6 s (the main body; 0 under
 * `--fast`, where sleeps take no real time); the block itself returns once MyServer2 is done at about 7 s.
 */
suspend fun classServers() = multiprocessing {
    val start = TimeSource.Monotonic.markNow()
    val cp1 = MyServer1(1, 2)
    cp1.daemon = true
    cp1.start()            // start() calls run() in the new process
    sleep(2.0)
    val cp2 = MyServer2()
    cp2.start()
    sleep(4.0)
    println("%.1f s of wall-clock time".format(start.elapsedNow().inWholeMilliseconds / 1000.0))
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { classServers() }
