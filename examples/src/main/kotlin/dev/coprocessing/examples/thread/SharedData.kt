package dev.coprocessing.examples.thread

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sync.Lock
import dev.coprocessing.thread.Thread

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
