@file:JvmName("DeadlockWatch")

package dev.coprocessing.docs.diagnosis

// doc:start docs/diagnosis.md
import dev.coprocessing.DeadlockError
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import kotlin.time.Duration.Companion.seconds

suspend fun main() {
    val noodles = Lock()
    val fork = Lock()
    try {
        multiprocessing(deadlockCheck = 1.seconds, failOnDeadlock = true) {
            Process { noodles.withLock { sleep(0.1); fork.withLock { println("eats") } } }.start()
            Process { fork.withLock { sleep(0.1); noodles.withLock { println("eats") } } }.start()
        }
    } catch (e: DeadlockError) {
        e.cycle.links.forEach { println(it) }   // Process-1 holds <Lock(owner=Process-1)> at 0x... and waits for ...
    }
}
// doc:end
