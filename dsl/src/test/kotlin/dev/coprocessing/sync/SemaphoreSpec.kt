@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

class SemaphoreSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Semaphore") { semaphoreCases(SemaphoreKind(::Semaphore), SemaphoreKind(::BoundedSemaphore)) }
    context("manager.Semaphore()") {
        semaphoreCases(SemaphoreKind { managed.manager.Semaphore(it) }, SemaphoreKind { managed.manager.BoundedSemaphore(it) })
    }
})

/** How a suite makes its semaphores: `newSemaphore()`, `newSemaphore(3)`. */
private class SemaphoreKind(private val make: (Int) -> Acquirable) {
    operator fun invoke(value: Int = 1): Acquirable = make(value)
}

/** The cases of a semaphore, for every kind [newSemaphore] and [newBounded] make. */
private suspend fun FunSpecContainerScope.semaphoreCases(newSemaphore: SemaphoreKind, newBounded: SemaphoreKind) {

    test("the default value is 1; acquire and release move getValue(); toString shows it") {
        runTest {
            val sem = newSemaphore()
            sem.getValue() shouldBe 1
            sem.toString() shouldBe "<Semaphore(value=1)>"
            sem.acquire() shouldBe true
            sem.getValue() shouldBe 0
            val waiter = async { sem.acquire(); sem.release(); "passed" }
            runCurrent()
            waiter.isCompleted shouldBe false
            sem.release()
            waiter.await() shouldBe "passed"
            sem.getValue() shouldBe 1
            newSemaphore(3).toString() shouldBe "<Semaphore(value=3)>"
        }
    }

    test("try-acquire takes what is free and says no at once otherwise") {
        runTest {
            val sem = newSemaphore(2)
            sem.acquire(block = false) shouldBe true
            sem.acquire(block = false) shouldBe true
            sem.acquire(block = false) shouldBe false
            sem.release()
            sem.acquire(block = false) shouldBe true
            currentTime shouldBe 0
        }
    }

    test("contended acquire lets exactly as many through as were released (lock_tests' phases)") {
        runTest {
            val sem = newSemaphore(7)
            sem.acquire()
            val phases = mutableListOf<Int>()
            var phase = 0
            val workers = List(10) { launch { sem.acquire(); phases += phase; sem.acquire(); phases += phase } }
            runCurrent()
            phases shouldContainExactly List(6) { 0 }
            phase = 1
            repeat(7) { sem.release() }
            runCurrent()
            phases.sorted() shouldContainExactly List(6) { 0 } + List(7) { 1 }
            phase = 2
            sem.release(6)
            runCurrent()
            phases.sorted() shouldContainExactly List(6) { 0 } + List(7) { 1 } + List(6) { 2 }
            sem.acquire(block = false) shouldBe false
            sem.release()
            workers.forEach { it.join() }
            phases.size shouldBe 20
        }
    }

    test("release(n) wakes up to n waiters, longest-waiting first, and keeps the rest as value") {
        runTest {
            val sem = newSemaphore(0)
            val order = mutableListOf<Int>()
            val waiters = List(3) { i -> launch { sem.acquire(); order += i } }
            runCurrent()
            sem.release(2)
            runCurrent()
            order shouldContainExactly listOf(0, 1)
            sem.release(3)
            waiters.forEach { it.join() }
            order shouldContainExactly listOf(0, 1, 2)
            sem.getValue() shouldBe 2
        }
    }

    test("an unbounded semaphore may be released above its initial value, as in CPython") {
        runTest {
            val sem = newSemaphore(1)
            sem.release()
            sem.getValue() shouldBe 2
            sem.acquire(); sem.acquire()
            sem.acquire(block = false) shouldBe false
            sem.release()
        }
    }

    test("timed acquire: succeeds while permits last, then times out on coroutine time") {
        runTest {
            val sem = newSemaphore(2)
            sem.acquire(timeout = 5.milliseconds) shouldBe true
            sem.acquire(timeout = 5.milliseconds) shouldBe true
            sem.acquire(timeout = 5.milliseconds) shouldBe false
            currentTime shouldBe 5
            sem.release()
            sem.acquire(timeout = 5.milliseconds) shouldBe true
            sem.acquire(timeout = 500.milliseconds) shouldBe false
            currentTime shouldBe 505
            sem.acquire(timeout = Duration.ZERO) shouldBe false
            sem.getValue() shouldBe 0
        }
    }

    test("withLock gives the permit back however the block ends") {
        runTest {
            val sem = newSemaphore(2)
            sem.withLock {
                sem.acquire(block = false) shouldBe true
                sem.release()
                sem.withLock { sem.acquire(block = false) shouldBe false }
            }
            sem.getValue() shouldBe 2
            shouldThrow<IllegalStateException> { sem.withLock { error("inside") } }
            sem.getValue() shouldBe 2
            sem.hold().use { sem.getValue() shouldBe 1 }
            sem.getValue() shouldBe 2
        }
    }

    test("a waiter cancelled while it waits takes no permit; the permit goes to the next waiter") {
        runTest {
            val sem = newSemaphore(0)
            val cancelled = launch { sem.acquire() }
            val next = async { sem.acquire(); "next" }
            runCurrent()
            cancelled.cancel()
            sem.release()
            next.await() shouldBe "next"
            sem.getValue() shouldBe 0
            sem.release()
            sem.getValue() shouldBe 1
        }
    }

    test("a permit handed to a waiter that is cancelled before it runs comes back (prompt cancellation)") {
        runTest {
            val sem = newSemaphore(0)
            val waiter = launch { sem.acquire() }
            runCurrent()
            sem.release()          // hands the permit over; the waiter has not run yet
            waiter.cancel()        // cancelled before it could resume
            waiter.join()
            sem.getValue() shouldBe 1
        }
    }

    test("a timed-out waiter leaves the queue: later releases go to waiters still there") {
        runTest {
            val sem = newSemaphore(0)
            val timedOut = async { sem.acquire(timeout = 1.seconds) }
            val patient = async { sem.acquire(); "patient" }
            sleep(2.0)
            timedOut.await() shouldBe false
            sem.release()
            patient.await() shouldBe "patient"
            sem.getValue() shouldBe 0
        }
    }

    test("blocking twins: a thread waits for a permit another releases; hold() gives it back once") {
        val sem = newSemaphore(1)
        sem.acquireBlocking() shouldBe true
        val got = CountDownLatch(1)
        val t = thread { if (sem.acquireBlocking(java.time.Duration.ofSeconds(10))) got.countDown() }
        got.await(50, TimeUnit.MILLISECONDS) shouldBe false
        sem.release()
        got.await(10, TimeUnit.SECONDS) shouldBe true
        t.join(10_000)
        sem.getValue() shouldBe 0
        sem.release()
        val held = sem.holdBlocking()
        sem.getValue() shouldBe 0
        held.close(); held.close()
        sem.getValue() shouldBe 1
        sem.acquireBlocking(false) shouldBe true
        sem.acquireBlocking(0.01) shouldBe false
    }

    test("BoundedSemaphore: toString shows value and maxvalue; it works as a semaphore below its bound") {
        runTest {
            val sem = newBounded(3)
            sem.toString() shouldBe "<BoundedSemaphore(value=3, maxvalue=3)>"
            sem.acquire()
            sem.toString() shouldBe "<BoundedSemaphore(value=2, maxvalue=3)>"
            sem.release()
            newBounded().getValue() shouldBe 1
        }
    }

    context("bad input fails at once with CPython's message, and the semaphore still works") {
        test("Semaphore(-1)") {
            shouldThrow<IllegalArgumentException> { newSemaphore(-1) }.message shouldStartWith
                "semaphore initial value must be >= 0"
            shouldThrow<IllegalArgumentException> { newBounded(-1) }.message shouldStartWith
                "semaphore initial value must be >= 0"
        }
        test("BoundedSemaphore released too many times") {
            runTest {
                val sem = newBounded()
                shouldThrow<IllegalStateException> { sem.release() }.message shouldStartWith
                    "Semaphore released too many times"
                sem.getValue() shouldBe 1
                sem.acquire()
                shouldThrow<IllegalStateException> { sem.release(2) }.message shouldStartWith
                    "Semaphore released too many times"
                sem.getValue() shouldBe 0
                sem.release()
                shouldThrow<IllegalStateException> { sem.release() }
                sem.getValue() shouldBe 1
                sem.withLock { sem.getValue() shouldBe 0 }
            }
        }
        test("release(0) and release(-1)") {
            val sem = newSemaphore(1)
            shouldThrow<IllegalArgumentException> { sem.release(0) }.message shouldStartWith "n must be one or more"
            shouldThrow<IllegalArgumentException> { sem.release(-1) }.message shouldStartWith "n must be one or more"
            shouldThrow<IllegalArgumentException> { sem.release(Int.MIN_VALUE) }
            sem.getValue() shouldBe 1
        }
        test("a release past Int.MAX_VALUE fails and leaves the value as it was; acquire still works") {
            runTest {
                val sem = newSemaphore(1)
                val e = shouldThrow<IllegalArgumentException> { sem.release(Int.MAX_VALUE) }
                e.message shouldStartWith "semaphore value 1 + ${Int.MAX_VALUE} would exceed ${Int.MAX_VALUE}"
                sem.getValue() shouldBe 1
                sem.acquire(block = false) shouldBe true
                sem.acquire(block = false) shouldBe false

                sem.release(Int.MAX_VALUE)                      // 0 + MAX fits exactly
                sem.getValue() shouldBe Int.MAX_VALUE
                shouldThrow<IllegalArgumentException> { sem.release() }
                sem.getValue() shouldBe Int.MAX_VALUE
                sem.acquire(timeout = 1.seconds) shouldBe true
                sem.getValue() shouldBe Int.MAX_VALUE - 1

                val full = newSemaphore(Int.MAX_VALUE)
                shouldThrow<IllegalArgumentException> { full.release() }
                full.getValue() shouldBe Int.MAX_VALUE
            }
        }
        test("with callers waiting, release(Int.MAX_VALUE) wakes them all and keeps the rest") {
            runTest {
                val sem = newSemaphore(0)
                val waiters = List(3) { async { sem.acquire() } }
                runCurrent()
                sem.release(Int.MAX_VALUE)
                waiters.map { it.await() } shouldBe List(3) { true }
                sem.getValue() shouldBe Int.MAX_VALUE - 3
            }
        }
        test("BoundedSemaphore: an overflowing release is 'released too many times', and changes nothing") {
            val sem = newBounded(1)
            sem.acquireBlocking(block = false) shouldBe true
            shouldThrow<IllegalStateException> { sem.release(Int.MAX_VALUE) }.message shouldStartWith
                "Semaphore released too many times"
            sem.getValue() shouldBe 0
            sem.release()
            sem.getValue() shouldBe 1
        }
        test("a timeout with block = false, and a negative timeout") {
            runTest {
                val sem = newSemaphore(2)
                shouldThrow<IllegalArgumentException> { sem.acquire(block = false, timeout = 1.seconds) }.message shouldStartWith
                    "can't specify timeout for non-blocking acquire"
                shouldThrow<IllegalArgumentException> { sem.acquire(timeout = (-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                shouldThrow<IllegalArgumentException> { sem.acquireBlocking(Double.NaN) }
                sem.getValue() shouldBe 2
                sem.acquire() shouldBe true
            }
        }
    }
}
