@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

class LockSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Lock") { lockCases { Lock() } }
    context("manager.Lock()") { lockCases { managed.manager.Lock() } }
})

/** The cases of a non-reentrant lock, for every kind [newLock] makes. */
private suspend fun FunSpecContainerScope.lockCases(newLock: () -> AbstractLock) {

    test("acquire and release flip locked(); toString names the holder's process") {
        runTest {
            val lock = newLock()
            lock.locked() shouldBe false
            lock.toString() shouldBe "<Lock(owner=None)>"
            lock.acquire() shouldBe true
            lock.locked() shouldBe true
            lock.toString() shouldBe "<Lock(owner=MainProcess)>"
            lock.release()
            lock.locked() shouldBe false
            multiprocessing {
                val seen = CompletableDeferred<String>()
                val p = Process { lock.withLock { seen.complete(lock.toString()) } }
                p.start(); p.join()
                seen.await() shouldBe "<Lock(owner=Process-1)>"
            }
            lock.toString() shouldBe "<Lock(owner=None)>"
        }
    }

    test("try-acquire succeeds on a free lock and fails at once on a held one") {
        runTest {
            val lock = newLock()
            lock.acquire(block = false) shouldBe true
            val other = async { lock.acquire(block = false) }
            other.await() shouldBe false
            currentTime shouldBe 0
            lock.release()
        }
    }

    test("contended acquire waits until release, then every waiter gets the lock in arrival order") {
        runTest {
            val lock = newLock()
            lock.acquire()
            val order = mutableListOf<Int>()
            val waiters = List(5) { i -> launch { lock.acquire(); order += i; lock.release() } }
            runCurrent()
            order.shouldBeEmpty()
            lock.release()
            waiters.forEach { it.join() }
            order shouldContainExactly listOf(0, 1, 2, 3, 4)
            lock.locked() shouldBe false
        }
    }

    test("withLock releases when its block throws") {
        runTest {
            val lock = newLock()
            shouldThrow<IllegalArgumentException> { lock.withLock { throw IllegalArgumentException("inside") } }
            lock.locked() shouldBe false
            lock.withLock { lock.locked() shouldBe true } 
            lock.locked() shouldBe false
        }
    }

    test("a timed acquire gives up after its timeout on coroutine time, and succeeds at once when free") {
        runTest {
            val lock = newLock()
            lock.acquire(timeout = 5.seconds) shouldBe true
            currentTime shouldBe 0
            val other = async { lock.acquire(timeout = 500.milliseconds) }
            other.await() shouldBe false
            currentTime shouldBe 500
            lock.release()
        }
    }

    test("a zero timeout polls: true on a free lock, false on a held one") {
        runTest {
            val lock = newLock()
            lock.acquire(timeout = Duration.ZERO) shouldBe true
            async { lock.acquire(timeout = Duration.ZERO) }.await() shouldBe false
            lock.release()
        }
    }

    test("the lock is in a proper state after a timed-out acquire (CPython issue 11618)") {
        runTest {
            val lock = newLock()
            lock.acquire()
            async { lock.acquire(timeout = 10.milliseconds) }.await() shouldBe false
            lock.release()
            lock.locked() shouldBe false
            lock.acquire(block = false) shouldBe true
            lock.release()
        }
    }

    test("a timed waiter that gets the lock before its timeout holds it") {
        runTest {
            val lock = newLock()
            lock.acquire()
            val waiter = async { lock.acquire(timeout = 2.seconds) }
            sleep(1.0)
            lock.release()
            waiter.await() shouldBe true
            lock.locked() shouldBe true
            currentTime shouldBe 1000
            lock.release()
        }
    }

    test("any caller may release a Lock, as in CPython") {
        runTest {
            val lock = newLock()
            lock.acquire()
            launch { lock.release() }.join()
            lock.locked() shouldBe false
            lock.acquire(block = false) shouldBe true
            lock.release()
        }
    }

    test("re-acquiring from its holder without a timeout fails fast and points to RLock; the lock still works") {
        runTest {
            val lock = newLock()
            lock.acquire()
            shouldThrow<IllegalStateException> { lock.acquire() }.message!! shouldContain "RLock"
            shouldThrow<IllegalStateException> { lock.withLock { } }.message!! shouldContain "not reentrant"
            // CPython's other answers stand: a poll says no, a timed wait times out.
            lock.acquire(block = false) shouldBe false
            lock.acquire(timeout = 1.seconds) shouldBe false
            currentTime shouldBe 1000
            lock.locked() shouldBe true
            lock.release()
            lock.withLock { lock.locked() shouldBe true }
        }
    }

    test("scoped code acts for its coroutine (fails fast), a launched coroutine is another caller (waits)") {
        runTest {
            val lock = newLock()
            lock.withLock {
                shouldThrow<IllegalStateException> { coroutineScope { lock.acquire() } }
                shouldThrow<IllegalStateException> { withTimeout(5.seconds) { lock.acquire() } }
                shouldThrow<IllegalStateException> { withContext(Dispatchers.Unconfined) { lock.acquire() } }
                val child = async { lock.acquire(timeout = 1.seconds) }
                child.await() shouldBe false
            }
            lock.locked() shouldBe false
        }
    }

    test("a waiter cancelled while it waits never ends up holding the lock, and the next waiter gets it") {
        runTest {
            val lock = newLock()
            lock.acquire()
            val cancelled = launch { lock.acquire() }
            val next = async { lock.acquire(); "got it" }
            runCurrent()
            cancelled.cancel()
            cancelled.join()
            lock.release()
            next.await() shouldBe "got it"
            lock.release()
            lock.locked() shouldBe false
        }
    }

    test("a waiter cancelled with a timeout pending gives up cleanly too") {
        runTest {
            val lock = newLock()
            lock.acquire()
            val cancelled = launch { lock.acquire(timeout = 10.seconds) }
            runCurrent()
            cancelled.cancel()
            lock.release()
            lock.locked() shouldBe false
            lock.acquire(block = false) shouldBe true
            lock.release()
        }
    }

    test("blocking twins hold the lock for the calling thread; hold() releases once on close") {
        val lock = newLock()
        val held = lock.holdBlocking()
        lock.locked() shouldBe true
        lock.toString() shouldBe "<Lock(owner=MainProcess)>"
        shouldThrow<IllegalStateException> { lock.acquireBlocking() }.message!! shouldContain "RLock"
        val got = CountDownLatch(1)
        val t = thread { if (lock.acquireBlocking(10.0)) { got.countDown(); lock.release() } }
        got.await(100, TimeUnit.MILLISECONDS) shouldBe false   // still held by this thread
        held.close()
        held.close()                                           // closing twice releases once
        got.await(10, TimeUnit.SECONDS) shouldBe true
        t.join(10_000)
        lock.locked() shouldBe false
        lock.acquireBlocking(false) shouldBe true
        lock.acquireBlocking(java.time.Duration.ofMillis(10)) shouldBe false
        lock.acquireBlocking(true, 0.01) shouldBe false
        lock.release()
    }

    test("a thread interrupted while it waits in a blocking acquire gets InterruptedException and holds nothing") {
        val lock = newLock()
        lock.acquireBlocking()
        val outcome = CompletableDeferred<Throwable?>()
        val waiter = thread { outcome.complete(runCatching { lock.acquireBlocking() }.exceptionOrNull()) }
        waitUntil("the waiter is blocked") { waiter.state == Thread.State.WAITING || waiter.state == Thread.State.TIMED_WAITING }
        waiter.interrupt()
        waiter.join(10_000)
        (outcome.getCompleted() is InterruptedException) shouldBe true
        lock.release()
        lock.locked() shouldBe false
        lock.acquireBlocking(false) shouldBe true
        lock.release()
    }

    context("bad input fails at once with CPython's message, and the lock still works") {
        test("release an unlocked Lock") {
            val lock = newLock()
            shouldThrow<IllegalStateException> { lock.release() }.message shouldStartWith
                "semaphore or lock released too many times"
            lock.acquireBlocking() shouldBe true
            lock.release()
            shouldThrow<IllegalStateException> { lock.release() }
            lock.locked() shouldBe false
        }
        test("a timeout with block = false") {
            runTest {
                val lock = newLock()
                shouldThrow<IllegalArgumentException> { lock.acquire(block = false, timeout = 1.seconds) }.message shouldStartWith
                    "can't specify timeout for non-blocking acquire"
                shouldThrow<IllegalArgumentException> { lock.acquireBlocking(false, java.time.Duration.ofSeconds(1)) }
                lock.locked() shouldBe false
            }
        }
        test("a negative timeout") {
            runTest {
                val lock = newLock()
                shouldThrow<IllegalArgumentException> { lock.acquire(timeout = (-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                shouldThrow<IllegalArgumentException> { lock.acquireBlocking(-0.5) }
                shouldThrow<IllegalArgumentException> { lock.acquireBlocking(java.time.Duration.ofSeconds(-1)) }
                lock.acquire() shouldBe true
                lock.release()
            }
        }
    }
}

/** Polls [condition] for up to 10 s; a bounded wait for another thread to reach a state, failing with [what]. */
private fun waitUntil(what: String, condition: () -> Boolean) {
    val deadline = System.nanoTime() + 10_000_000_000
    while (!condition()) {
        check(System.nanoTime() < deadline) { "timed out waiting until $what" }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000)
    }
}
