package dev.coprocessing.sync

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import kotlin.concurrent.thread
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** Larger runs: `-Dcoprocessing.stress.scale=10`. The default takes a few seconds on two cores. */
private val scale: Int = System.getProperty("coprocessing.stress.scale")?.toIntOrNull() ?: 1

/**
 * Runs [coroutines] coroutines on `Dispatchers.Default`, [threads] threads using the blocking twins, and
 * [cancellers] coroutines that start short-lived callers and cancel them at random points, all at once;
 * fails if they do not all finish within a minute (a lost wake-up shows up as that hang).
 */
private fun stress(
    coroutines: Int,
    threads: Int,
    cancellers: Int,
    coroutine: suspend (Random) -> Unit,
    blockingThread: (Random) -> Unit,
    cancelled: suspend CoroutineScope.(Random) -> Unit,
) {
    val failures = Collections.synchronizedList(mutableListOf<Throwable>())
    val workers = List(threads) { i ->
        thread(name = "stress-$i") { runCatching { blockingThread(Random(1000 + i)) }.onFailure { failures += it } }
    }
    runBlocking(Dispatchers.Default) {
        withTimeout(60.seconds) {
            List(coroutines) { i -> launch { coroutine(Random(i)) } }
            List(cancellers) { i ->
                launch {
                    val random = Random(500 + i)
                    repeat(1_000 * scale) {
                        val victim = launch { cancelled(random) }
                        repeat(random.nextInt(3)) { yield() }
                        victim.cancel()
                        victim.join()
                    }
                }
            }
        }
    }
    workers.forEach { it.join(60_000) }
    workers.forEach { check(!it.isAlive) { "${it.name} did not finish within a minute" } }
    failures.firstOrNull()?.let { throw it }
}

class SyncStressSpec : FunSpec({

    test("Lock: mutual exclusion holds across suspend and blocking callers with timeouts and cancellation") {
        val lock = Lock()
        val inside = AtomicInteger()
        val entries = AtomicInteger()
        var counter = 0   // guarded by the lock: equal to entries only if no two callers were ever inside
        fun critical() {
            check(inside.incrementAndGet() == 1) { "two callers inside the Lock" }
            counter++
            entries.incrementAndGet()
            inside.decrementAndGet()
        }
        val rounds = 6_000 * scale
        stress(
            coroutines = 4, threads = 2, cancellers = 2,
            coroutine = { random ->
                repeat(rounds) {
                    when (random.nextInt(3)) {
                        0 -> lock.withLock { critical(); if (random.nextBoolean()) yield() }
                        1 -> if (lock.acquire(timeout = 1.milliseconds)) try { critical() } finally { lock.release() }
                        else -> if (lock.acquire(block = false)) try { critical() } finally { lock.release() }
                    }
                }
            },
            blockingThread = { random ->
                repeat(rounds / 4) {
                    if (random.nextBoolean()) lock.holdBlocking().use { critical() }
                    else if (lock.acquireBlocking(0.001)) try { critical() } finally { lock.release() }
                }
            },
            cancelled = { random -> lock.withLock { critical(); repeat(random.nextInt(2)) { yield() } } },
        )
        lock.locked() shouldBe false
        counter shouldBe entries.get()
    }

    test("RLock: re-entrant holders still exclude each other, and every level is released") {
        val lock = RLock()
        val inside = AtomicInteger()
        val entries = AtomicInteger()
        var counter = 0
        suspend fun nested(depth: Int) {
            lock.withLock {
                if (depth == 0) {
                    check(inside.incrementAndGet() == 1) { "two callers inside the RLock" }
                    counter++
                    entries.incrementAndGet()
                    inside.decrementAndGet()
                } else {
                    nested(depth - 1)
                }
            }
        }
        val rounds = 5_000 * scale
        stress(
            coroutines = 4, threads = 2, cancellers = 2,
            coroutine = { random -> repeat(rounds) { nested(random.nextInt(3)) } },
            blockingThread = { random ->
                repeat(rounds / 4) {
                    val depth = 1 + random.nextInt(3)
                    repeat(depth) { lock.acquireBlocking() }
                    check(inside.incrementAndGet() == 1) { "two callers inside the RLock" }
                    counter++
                    entries.incrementAndGet()
                    inside.decrementAndGet()
                    repeat(depth) { lock.release() }
                }
            },
            cancelled = { random -> nested(random.nextInt(3)) },
        )
        lock.locked() shouldBe false
        lock.toString() shouldBe "<RLock(None, 0)>"
        counter shouldBe entries.get()
    }

    test("Semaphore: never more holders than permits, and every permit comes back") {
        val permits = 3
        val sem = Semaphore(permits)
        val inside = AtomicInteger()
        val most = AtomicInteger()
        fun critical() {
            val now = inside.incrementAndGet()
            most.accumulateAndGet(now, ::maxOf)
            check(now <= permits) { "$now holders of $permits permits" }
            inside.decrementAndGet()
        }
        val rounds = 8_000 * scale
        stress(
            coroutines = 5, threads = 2, cancellers = 2,
            coroutine = { random ->
                repeat(rounds) {
                    when (random.nextInt(3)) {
                        0 -> sem.withLock { critical(); yield() }
                        1 -> if (sem.acquire(timeout = 1.milliseconds)) try { critical() } finally { sem.release() }
                        else -> if (sem.acquire(block = false)) try { critical() } finally { sem.release() }
                    }
                }
            },
            blockingThread = { random ->
                repeat(rounds / 4) {
                    if (random.nextBoolean()) sem.holdBlocking().use { critical() }
                    else if (sem.acquireBlocking(0.001)) try { critical() } finally { sem.release() }
                }
            },
            cancelled = { sem.withLock { critical(); yield() } },
        )
        sem.getValue() shouldBe permits
        most.get() shouldBeLessThanOrEqual permits
    }

    test("Condition: no notification is lost when waiters time out or are cancelled") {
        val cond = Condition()
        var items = 0      // guarded by cond
        var consumed = 0   // guarded by cond
        var producing = true
        val total = 10_000 * scale
        val produced = AtomicInteger()
        runBlocking(Dispatchers.Default) {
            withTimeout(60.seconds) {
                val consumers = List(3) {
                    launch {
                        while (true) {
                            val took = cond.withLock {
                                cond.waitFor { items > 0 || !producing }
                                if (items > 0) { items--; consumed++; true } else false
                            }
                            if (!took) break
                        }
                    }
                }
                // Consumers that give up after a moment or are cancelled, possibly just as a notify reaches them.
                val random = Random(7)
                val impatient = launch {
                    while (produced.get() < total) {
                        val victim = launch {
                            cond.withLock {
                                val ready = if (random.nextBoolean()) cond.waitFor(1.milliseconds) { items > 0 }
                                else cond.waitFor { items > 0 }
                                if (ready) { items--; consumed++ }
                            }
                        }
                        repeat(random.nextInt(3)) { yield() }
                        victim.cancel()
                        victim.join()
                    }
                }
                List(2) {
                    launch {
                        while (produced.incrementAndGet() <= total) cond.withLock { items++; cond.notify() }
                    }
                }.forEach { it.join() }
                impatient.join()
                // Every item must be taken with only the notifications already sent: a lost one leaves an item
                // behind while every consumer sleeps, and this loop then runs out of time.
                while (cond.withLock { items } > 0) yield()
                cond.withLock { producing = false; cond.notifyAll() }
                consumers.forEach { it.join() }
            }
        }
        consumed shouldBe total
        items shouldBe 0
    }

    test("Barrier: coroutines and threads meet round after round; each round hands out every index once") {
        val rounds = 2_000 * scale
        var actions = 0
        val barrier = Barrier(4) { actions++ }
        val indices = Collections.synchronizedList(mutableListOf<Int>())
        val threads = List(2) { thread { repeat(rounds) { indices += barrier.waitBlocking(java.time.Duration.ofSeconds(30)) } } }
        runBlocking(Dispatchers.Default) {
            withTimeout(60.seconds) {
                List(2) { launch { repeat(rounds) { indices += barrier.wait(30.seconds) } } }.forEach { it.join() }
            }
        }
        threads.forEach { it.join(60_000) }
        actions shouldBe rounds
        barrier.broken shouldBe false
        indices.groupingBy { it }.eachCount().values.toList() shouldContainExactlyInAnyOrder List(4) { rounds }
    }
})
