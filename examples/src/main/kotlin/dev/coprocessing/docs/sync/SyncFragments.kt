@file:JvmName("SyncFragments")

package dev.coprocessing.docs.sync

import dev.coprocessing.docs.checkStillMainProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.Semaphore

/** The shorter Kotlin blocks of docs/sync.md, each run in the main process, one after another. */
suspend fun main() = multiprocessing {
    lockIsNotReentrant()
    checkStillMainProcess("Lock")
    semaphore()
    checkStillMainProcess("Semaphore")
    event()
    checkStillMainProcess("Event")
    condition()
    checkStillMainProcess("Condition")
    barrier()
}

private suspend fun lockIsNotReentrant() {
    val failure = runCatching {
        // doc:start docs/sync.md
        val lock = Lock()
        lock.acquire()
        lock.acquire()      // IllegalStateException: ... not reentrant ... Use an RLock ...
        // doc:end
    }.exceptionOrNull()
    println("the second acquire threw $failure")
}

private fun sing() = println("singing")

private suspend fun semaphore() {
    // doc:start docs/sync.md
    val rooms = Semaphore(4)                  // four KTV rooms
    rooms.withLock { sing() }
    // doc:end
}

private suspend fun event() {
    // doc:start docs/sync.md
    val green = Event()
    Process { green.wait(); println("car passes") }.start()
    green.set()
    // doc:end
}

/** The consumer below waits for an item: this producer, started first, brings it. */
private suspend fun condition() {
    val cond = Condition()
    var items = 0
    val producer = Process { cond.withLock { items++; cond.notify() } }
    producer.start()
    // doc:start docs/sync.md
    cond.withLock { cond.waitFor { items > 0 }; items-- }     // consumer
    cond.withLock { items++; cond.notify() }                   // producer
    // doc:end
    producer.join()
    println("items left: $items")
}

private fun work() = println("working")

private suspend fun barrier() {
    // doc:start docs/sync.md
    val start = Barrier(3) { println("all three ready") }
    repeat(3) { Process { start.wait(); work() }.start() }
    // doc:end
}
