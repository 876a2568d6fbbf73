// deadlock-threads: two threads take two Locks in opposite orders and deadlock (a timeout says so); one RLock fixes it
// Seed 003 RLock. Run: ./examples/kts deadlock-threads (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/thread/DeadlockThreads.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.thread.Thread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, the deadlock with two locks (the scientists eating noodles) and its RLock fix, on threads. Each
 * eater takes one of two Locks, waits until the other has taken the other (a barrier makes the bad timing
 * certain), then asks for the second: each holds what the other needs. CPython hangs forever here; this
 * example asks with a 1 s timeout, so it ends and says it deadlocked. The fix the seed teaches: one RLock
 * under both names, which a thread may take again while it holds it.
 */
suspend fun deadlockThreads() = multiprocessing {
    fun eater(name: String, first: AbstractLock, firstName: String, second: AbstractLock, secondName: String, meet: Barrier?) =
        Thread(name = name) {
            first.acquireBlocking()
            try {
                println("$name took the $firstName")
                meet?.waitBlocking(10.0)   // both now hold one lock each
                if (second.acquireBlocking(1.0)) {
                    try {
                        println("$name took the $secondName and eats")
                    } finally {
                        second.release()
                    }
                } else {
                    println("$name waited 1 s for the $secondName: deadlock! $name puts the $firstName down")
                }
            } finally {
                first.release()
            }
        }

    println("-- two Locks, taken in opposite orders --")
    val noodles = Lock()
    val fork = Lock()
    val meet = Barrier(2)
    val pair = listOf(
        eater("alice", noodles, "noodles", fork, "fork", meet),
        eater("bob", fork, "fork", noodles, "noodles", meet),
    )
    pair.forEach { it.start() }
    pair.forEach { it.join() }

    println("-- one RLock under both names --")
    val both = RLock()
    val fixed = listOf(
        eater("alice", both, "noodles", both, "fork", null),
        eater("bob", both, "fork", both, "noodles", null),
    )
    fixed.forEach { it.start() }
    fixed.forEach { it.join() }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { deadlockThreads() }
