@file:JvmName("LockedWorkers")

package dev.coprocessing.docs.sync

// doc:start docs/sync.md
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock

suspend fun main() = multiprocessing {
    val lock = Lock()
    repeat(5) { n ->
        Process {
            lock.withLock {                       // Python: with lock:
                println("$n is running")
                sleep(0.5)
                println("$n is done")
            }
        }.start()
    }
}
// doc:end
