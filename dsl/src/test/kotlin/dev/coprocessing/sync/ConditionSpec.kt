@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

class ConditionSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Condition") { conditionCases(ConditionKind(::Condition)) { Lock() } }
    context("manager.Condition()") {
        conditionCases(ConditionKind { managed.manager.Condition(it) }) { managed.manager.Lock() }
    }
})

/** How a suite makes its conditions: `newCondition()`, `newCondition(lock)`. */
private class ConditionKind(private val make: (AbstractLock?) -> Acquirable) {
    operator fun invoke(lock: AbstractLock? = null): Acquirable = make(lock)
}

/** The cases of a condition, for every kind [newCondition] makes, with locks [newLock] makes. */
private suspend fun FunSpecContainerScope.conditionCases(newCondition: ConditionKind, newLock: () -> AbstractLock) {

    test("the default lock is an RLock; a given Lock is the one acquired") {
        runTest {
            val cond = newCondition()
            cond.acquire(); cond.acquire()
            cond.release(); cond.release()
            val lock = newLock()
            val onLock = newCondition(lock)
            onLock.acquire()
            lock.acquire(block = false) shouldBe false
            onLock.release()
            lock.acquire(block = false) shouldBe true
            onLock.acquire(block = false) shouldBe false
            lock.release()
            onLock.withLock { lock.acquire(block = false) shouldBe false }
            lock.locked() shouldBe false
        }
    }

    test("notify(3), notify(5) and notifyAll wake exactly that many, in waiting order (lock_tests' phases)") {
        runTest {
            val cond = newCondition()
            suspend fun checkNotify() {
                val first = mutableListOf<Pair<Boolean, Int>>()
                val second = mutableListOf<Pair<Boolean, Int>>()
                var phase = 0
                val workers = List(5) {
                    launch {
                        cond.acquire(); val r1 = cond.wait(); cond.release(); first += r1 to phase
                        cond.acquire(); val r2 = cond.wait(); cond.release(); second += r2 to phase
                    }
                }
                runCurrent()
                first.shouldBeEmpty()
                cond.acquire(); cond.notify(3); runCurrent(); phase = 1; cond.release()
                runCurrent()
                first shouldContainExactly List(3) { true to 1 }
                second.shouldBeEmpty()
                cond.acquire(); cond.notify(5); runCurrent(); phase = 2; cond.release()
                runCurrent()
                first shouldContainExactly List(3) { true to 1 } + List(2) { true to 2 }
                second shouldContainExactly List(3) { true to 2 }
                cond.acquire(); cond.notifyAll(); runCurrent(); phase = 3; cond.release()
                workers.forEach { it.join() }
                second shouldContainExactly List(3) { true to 2 } + List(2) { true to 3 }
            }
            checkNotify()
            checkNotify()   // a second time, to check the internal state is still right
        }
    }

    test("wait with a timeout returns false after it, holding the lock again") {
        runTest {
            val cond = newCondition()
            val results = List(5) {
                async {
                    cond.withLock {
                        val notified = cond.wait(500.milliseconds)
                        notified to cond.toString()
                    }
                }
            }.awaitAll()
            results.map { it.first } shouldContainExactly List(5) { false }
            results.forEach { (_, repr) -> repr shouldStartWith "<Condition(<RLock(MainProcess, 1)>" }
            currentTime shouldBe 500
        }
    }

    test("waitFor returns true once the predicate holds") {
        runTest {
            val cond = newCondition()
            var state = 0
            val waiter = async { cond.withLock { cond.waitFor { state == 4 } to state } }
            repeat(4) {
                sleep(0.01)
                cond.withLock { state++; cond.notify() }
            }
            waiter.await() shouldBe (true to 4)
        }
    }

    test("waitFor with a timeout returns the predicate's last value when time runs out") {
        runTest {
            val cond = newCondition()
            var state = 0
            val waiter = async { cond.withLock { cond.waitFor(timeout = 100.milliseconds) { state == 4 } } }
            repeat(3) {
                sleep(0.01)
                cond.withLock { state++; cond.notify() }
            }
            waiter.await() shouldBe false
            currentTime shouldBe 100
            cond.withLock { cond.waitFor(timeout = 1.seconds) { true } } shouldBe true
            currentTime shouldBe 100
        }
    }

    test("wait releases every level of an RLock and restores them after") {
        runTest {
            val cond = newCondition()
            val seenInside = async {
                cond.acquire(); cond.acquire()
                cond.wait()
                val repr = cond.toString()
                cond.release(); cond.release()
                repr
            }
            runCurrent()
            cond.toString() shouldBe "<Condition(<RLock(None, 0)>, 1)>"
            cond.withLock { cond.notify() }
            seenInside.await() shouldBe "<Condition(<RLock(MainProcess, 2)>, 0)>"
            cond.toString() shouldBe "<Condition(<RLock(None, 0)>, 0)>"
        }
    }

    test("a waiter cancelled while it waits takes the lock back before it ends") {
        runTest {
            val cond = newCondition(newLock())
            val events = Collections.synchronizedList(mutableListOf<String>())
            val waiter = launch {
                cond.withLock {
                    try {
                        cond.wait()
                    } catch (e: CancellationException) {
                        events += "cancelled holding the lock"
                        throw e
                    }
                }
            }
            runCurrent()
            cond.acquire()
            waiter.cancel()
            runCurrent()
            events.shouldBeEmpty()   // it waits for the lock this body holds
            cond.release()
            waiter.join()
            events shouldContainExactly listOf("cancelled holding the lock")
            cond.acquire(block = false) shouldBe true
            cond.release()
        }
    }

    test("a notification that reaches a waiter cancelled at that moment passes to the next waiter") {
        runTest {
            val cond = newCondition()
            val first = launch { cond.withLock { cond.wait() } }
            val second = async { cond.withLock { cond.wait() } }
            runCurrent()
            cond.withLock {
                cond.notify()       // meant for `first`...
                first.cancel()      // ...which is cancelled before it can run
            }
            second.await() shouldBe true
            first.join()
            first.isCancelled shouldBe true
            cond.toString() shouldBe "<Condition(<RLock(None, 0)>, 0)>"
        }
    }

    test("a notify just before the timeout wakes the waiter with true") {
        runTest {
            val cond = newCondition()
            val waiter = async { cond.withLock { cond.wait(1.seconds) } }
            sleep(0.999)
            cond.withLock { cond.notify() }
            waiter.await() shouldBe true
        }
    }

    test("blocking twins: threads await and a thread holding the lock notifies them all") {
        val cond = newCondition()
        val ready = CountDownLatch(3)
        val woke = CountDownLatch(3)
        var go = false
        val threads = List(3) {
            thread {
                cond.holdBlocking().use {
                    ready.countDown()
                    if (cond.waitForBlocking(java.time.Duration.ofSeconds(10)) { go }) woke.countDown()
                }
            }
        }
        ready.await(10, TimeUnit.SECONDS) shouldBe true
        cond.holdBlocking().use {
            go = true
            cond.notifyAll()
        }
        woke.await(10, TimeUnit.SECONDS) shouldBe true
        threads.forEach { it.join(10_000) }
        cond.holdBlocking().use {
            cond.waitBlocking(0.01) shouldBe false
            cond.waitForBlocking { true } shouldBe true                    // Kotlin's lambda form
            cond.waitForBlocking(timeout = 10.milliseconds) { false } shouldBe false
        }
    }

    context("bad input fails at once with CPython's message, and the condition still works") {
        test("wait and waitFor without the lock") {
            runTest {
                val cond = newCondition()
                shouldThrow<IllegalStateException> { cond.wait() }.message shouldStartWith "cannot wait on un-acquired lock"
                shouldThrow<IllegalStateException> { cond.waitFor { true } }.message shouldStartWith
                    "cannot wait on un-acquired lock"
                shouldThrow<IllegalStateException> { cond.waitBlocking(1.0) }.message shouldStartWith
                    "cannot wait on un-acquired lock"
                cond.toString() shouldBe "<Condition(<RLock(None, 0)>, 0)>"
                cond.withLock { cond.wait(1.milliseconds) } shouldBe false
            }
        }
        test("wait while another caller holds the lock") {
            runTest {
                val cond = newCondition(newLock())
                cond.acquire()
                async { runCatching { cond.wait() }.exceptionOrNull()?.message }.await()!! shouldStartWith
                    "cannot wait on un-acquired lock"
                cond.release()
            }
        }
        test("notify without the lock") {
            val cond = newCondition()
            shouldThrow<IllegalStateException> { cond.notify() }.message shouldStartWith "cannot notify on un-acquired lock"
            shouldThrow<IllegalStateException> { cond.notifyAll() }.message shouldStartWith "cannot notify on un-acquired lock"
            cond.holdBlocking().use { cond.notify() }
        }
        test("notify while another thread holds the lock") {
            val cond = newCondition()
            val held = CountDownLatch(1)
            val done = CountDownLatch(1)
            val owner = thread { cond.holdBlocking().use { held.countDown(); done.await(10, TimeUnit.SECONDS) } }
            held.await(10, TimeUnit.SECONDS) shouldBe true
            shouldThrow<IllegalStateException> { cond.notify() }.message shouldStartWith "cannot notify on un-acquired lock"
            done.countDown()
            owner.join(10_000)
        }
        test("a negative timeout, and notify(-1)") {
            runTest {
                val cond = newCondition()
                cond.withLock {
                    shouldThrow<IllegalArgumentException> { cond.wait((-1).seconds) }.message shouldStartWith
                        "'timeout' must be a non-negative number"
                    shouldThrow<IllegalArgumentException> { cond.waitFor((-1).seconds) { false } }
                    shouldThrow<IllegalArgumentException> { cond.notify(-1) }
                    cond.wait(1.seconds) shouldBe false
                }
            }
        }
    }
}
