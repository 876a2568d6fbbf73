// deadlock-rlock: two Locks in opposite orders deadlock (the watchdog names the cycle); one RLock fixes it
// Seed 003 RLock. Run: ./examples/kts deadlock-rlock (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Deadlock.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.DeadlockError
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
 * opposite orders: each holds one and waits for the other, forever. CPython hangs here; this block runs with
 * the deadlock watchdog (`deadlockCheck`), which finds the cycle within a second, reports it with the process
 * dump (on stderr) and, asked to fail, ends the block with a `DeadlockError` that says who holds what and waits
 * for what. The fix the seed teaches: one RLock under both names. Last, the seed's first warning, a Lock
 * acquired twice by the same process: CPython hangs, this library refuses at once and points to RLock.
 */
suspend fun deadlockAndRLock() {
    println("-- two Locks, taken in opposite orders --")
    try {
        multiprocessing(deadlockCheck = 1.seconds, failOnDeadlock = true) {
            val noodles = Lock()
            val fork = Lock()
            val alice = Process(name = "alice") { eat("alice", noodles, "noodles", fork, "fork") }
            val bob = Process(name = "bob") { eat("bob", fork, "fork", noodles, "noodles") }
            alice.start(); bob.start()
            alice.join(); bob.join()
        }
    } catch (e: DeadlockError) {
        println("deadlock detected, so both diners were stopped:")
        e.cycle.links.forEach { println("  $it") }
    }

    multiprocessing {
        println("-- one RLock under both names --")
        val both = RLock()
        val noodles = both
        val fork = both
        val alice = Process(name = "alice") { eat("alice", noodles, "noodles", fork, "fork") }
        val bob = Process(name = "bob") { eat("bob", fork, "fork", noodles, "noodles") }
        alice.start(); bob.start()
        alice.join(); bob.join()

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
}

/** A diner: takes [first], gives the other diner time to take the other one, then takes [second] and eats. */
private suspend fun eat(name: String, first: AbstractLock, firstName: String, second: AbstractLock, secondName: String) {
    first.withLock {
        println("$name took the $firstName")
        sleep(1.0)
        second.withLock { println("$name took the $secondName and eats") }
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { deadlockAndRLock() }
