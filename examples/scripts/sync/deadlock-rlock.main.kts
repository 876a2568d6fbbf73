// deadlock-rlock: two Locks in opposite orders deadlock (a timeout says so); one RLock fixes it
// Seed 003 RLock. Run: ./examples/kts deadlock-rlock (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Deadlock.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, deadlock and the recursive lock. Two diners need both the noodles and the fork, and take them in
 * opposite orders: each holds one and waits for the other, forever. Here the wait for the second has a 3 s
 * timeout, so the example ends and says it deadlocked. The fix the seed teaches: one RLock under both names.
 * Last, the seed's first warning, a Lock acquired twice by the same process: CPython hangs, this library
 * refuses at once and points to RLock.
 */
suspend fun deadlockAndRLock() = multiprocessing {
    suspend fun eat(name: String, first: AbstractLock, firstName: String, second: AbstractLock, secondName: String) {
        first.withLock {
            println("$name took the $firstName")
            sleep(1.0)                                           // meanwhile the other diner takes the other one
            if (second.acquire(timeout = 3.seconds)) {
                try {
                    println("$name took the $secondName and eats")
                } finally {
                    second.release()
                }
            } else {
                println("$name waited 3 s for the $secondName: deadlock! $name puts the $firstName down")
            }
        }
    }

    println("-- two Locks, taken in opposite orders --")
    val noodles = Lock()
    val fork = Lock()
    val alice = Process { eat("alice", noodles, "noodles", fork, "fork") }
    val bob = Process { eat("bob", fork, "fork", noodles, "noodles") }
    alice.start(); bob.start()
    alice.join(); bob.join()

    println("-- one RLock under both names --")
    val both = RLock()
    val noodles2 = both
    val fork2 = both
    val alice2 = Process { eat("alice", noodles2, "noodles", fork2, "fork") }
    val bob2 = Process { eat("bob", fork2, "fork", noodles2, "noodles") }
    alice2.start(); bob2.start()
    alice2.join(); bob2.join()

    println("-- one Lock, acquired twice by its holder --")
    val lock = Lock()
    lock.acquire()
    println("got it!")
    try {
        lock.acquire()
        println("got it again?!")
    } catch (e: IllegalStateException) {
        println("refused instead of hanging: ${e.message}")
    } finally {
        lock.release()
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { deadlockAndRLock() }
