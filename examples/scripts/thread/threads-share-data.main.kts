// threads-share-data: ten threads each take one from n: the main code sees all ten (threads share memory)
// Seed 003 threading. Run: ./examples/kts threads-share-data (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/thread/SharedData.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sync.Lock
import dev.coprocessing.thread.Thread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, threads vs processes: threads share their process's data. Ten threads each take one from `n`
 * (under a Lock: `n -= 1` is a read and a write, and the JVM, which has no GIL, runs threads truly in
 * parallel), and the main code sees all ten. In CPython ten processes would each change their own copy and
 * leave the parent's `n` alone (seed 000's lesson); this library's default processes are coroutines of one
 * JVM and share it too, so the honest contrast is with the `spawn` context, where each child is a JVM of its own.
 */
suspend fun threadsShareData() = multiprocessing {
    var n = 100
    val lock = Lock()
    val threads = List(10) { Thread { lock.holdBlocking().use { n -= 1 } } }
    threads.forEach { it.start() }
    threads.forEach { it.join() }
    println("after 10 threads: n = $n (threads share their process's memory)")

    val processes = List(10) { Process { lock.withLock { n -= 1 } } }
    processes.forEach { it.start() }
    processes.forEach { it.join() }
    println("after 10 processes: n = $n (default processes share this JVM's memory too;")
    println("  on the spawn context each child is a JVM of its own and n would stay 90, as in CPython)")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { threadsShareData() }
