@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
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

class RLockSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("RLock") { rlockCases { RLock() } }
    context("manager.RLock()") { rlockCases { managed.manager.RLock() } }
})

/** The cases of a reentrant lock, for every kind [newLock] makes. */
private suspend fun FunSpecContainerScope.rlockCases(newLock: () -> AbstractLock) {

    test("the holder re-acquires; it must release as many times; toString counts the levels") {
        runTest {
            val lock = newLock()
            lock.toString() shouldBe "<RLock(None, 0)>"
            lock.acquire() shouldBe true
            lock.acquire() shouldBe true
            lock.toString() shouldBe "<RLock(MainProcess, 2)>"
            lock.release()
            lock.acquire(block = false) shouldBe true
            lock.release()
            lock.locked() shouldBe true
            lock.release()
            lock.locked() shouldBe false
            lock.toString() shouldBe "<RLock(None, 0)>"
        }
    }

    test("another caller waits until every level is released") {
        runTest {
            val lock = newLock()
            lock.acquire(); lock.acquire()
            val other = async { lock.acquire(); "in" }
            runCurrent()
            lock.release()
            runCurrent()
            other.isCompleted shouldBe false
            lock.release()
            other.await() shouldBe "in"
            lock.locked() shouldBe true
            async { lock.acquire(block = false) }.await() shouldBe false   // the other one holds it now
        }
    }

    test("withLock nests, and re-enters through coroutineScope, withTimeout and withContext") {
        runTest {
            val lock = newLock()
            val depth = lock.withLock {
                lock.withLock {
                    coroutineScope {
                        withTimeout(5.seconds) {
                            withContext(Dispatchers.Unconfined) { lock.withLock { lock.toString() } }
                        }
                    }
                }
            }
            depth shouldBe "<RLock(MainProcess, 3)>"
            lock.locked() shouldBe false
        }
    }

    test("a launched coroutine is another caller: it waits instead of re-entering") {
        runTest {
            val lock = newLock()
            lock.withLock {
                async { lock.acquire(timeout = 1.seconds) }.await() shouldBe false
                currentTime shouldBe 1000
            }
        }
    }

    test("inside a process a plain release() knows its coroutine: another coroutine of the process cannot release") {
        runTest {
            multiprocessing {
                val rlock = newLock()
                rlock.acquire()
                val other = async { runCatching { rlock.release() }.exceptionOrNull() }.await()
                other!!.message shouldContain "held by another caller (in MainProcess)"
                rlock.acquireBlocking()          // the same holder: re-enters
                rlock.toString() shouldContain ", 2)"
                rlock.release()
                rlock.release()
                rlock.toString() shouldBe "<RLock(None, 0)>"
            }
        }
    }

    test("a plain release() right after a scoped block (withTimeout, coroutineScope, withContext) is the holder's") {
        multiprocessing {
            val rlock = newLock()
            rlock.acquire()
            withTimeout(5.seconds) { kotlinx.coroutines.delay(10) }
            rlock.release()
            rlock.acquire()
            coroutineScope { kotlinx.coroutines.yield() }
            rlock.release()
            rlock.acquire()
            withContext(Dispatchers.Default) { kotlinx.coroutines.yield() }
            rlock.release()
            rlock.toString() shouldBe "<RLock(None, 0)>"
            val cond = Condition()
            cond.acquire()
            withTimeout(5.seconds) { kotlinx.coroutines.delay(10) }
            cond.notifyAll()
            cond.release()
        }
    }

    test("the holder shows the process it runs in") {
        runTest {
            val lock = newLock()
            multiprocessing {
                val seen = CompletableDeferred<String>()
                val p = Process { lock.withLock { lock.withLock { seen.complete(lock.toString()) } } }
                p.start(); p.join()
                seen.await() shouldBe "<RLock(Process-1, 2)>"
            }
        }
    }

    test("a cancelled waiter never ends up holding the lock") {
        runTest {
            val lock = newLock()
            lock.acquire()
            val cancelled = launch { lock.acquire() }
            runCurrent()
            cancelled.cancel()
            lock.release()
            lock.locked() shouldBe false
            async { lock.acquire(block = false) }.await() shouldBe true
        }
    }

    test("blocking twins own the lock per thread: re-entry on the same thread, waiting on another") {
        val lock = newLock()
        lock.acquireBlocking() shouldBe true
        lock.holdBlocking().use { lock.toString() shouldBe "<RLock(MainProcess, 2)>" }
        val result = CompletableDeferred<Boolean>()
        thread { result.complete(lock.acquireBlocking(0.05)) }.join(10_000)
        result.isCompleted shouldBe true
        result.getCompleted() shouldBe false
        lock.release()
        lock.locked() shouldBe false
    }

    context("bad input fails at once with CPython's message, and the lock still works") {
        test("release an RLock nobody holds") {
            val lock = newLock()
            shouldThrow<IllegalStateException> { lock.release() }.message shouldStartWith "cannot release un-acquired lock"
            lock.acquireBlocking(); lock.acquireBlocking()
            lock.release(); lock.release()
            shouldThrow<IllegalStateException> { lock.release() }.message shouldStartWith "cannot release un-acquired lock"
            lock.locked() shouldBe false
        }
        test("release an RLock held by another thread") {
            val lock = newLock()
            val acquired = CountDownLatch(1)
            val done = CountDownLatch(1)
            val owner = thread {
                lock.acquireBlocking()
                acquired.countDown()
                done.await(10, TimeUnit.SECONDS)
                lock.release()
            }
            acquired.await(10, TimeUnit.SECONDS) shouldBe true
            shouldThrow<IllegalStateException> { lock.release() }.message!! shouldContain "held by another caller"
            lock.locked() shouldBe true
            done.countDown()
            owner.join(10_000)
            lock.locked() shouldBe false
        }
        test("release an RLock held by a coroutine of another process") {
            runTest {
                val lock = newLock()
                multiprocessing {
                    val holding = CompletableDeferred<Unit>()
                    val letGo = CompletableDeferred<Unit>()
                    val p = Process { lock.withLock { holding.complete(Unit); letGo.await() } }
                    p.start()
                    holding.await()
                    shouldThrow<IllegalStateException> { lock.release() }.message!! shouldContain "Process-1"
                    letGo.complete(Unit)
                    p.join()
                }
                lock.locked() shouldBe false
            }
        }
        test("a timeout with block = false, and a negative timeout") {
            runTest {
                val lock = newLock()
                shouldThrow<IllegalArgumentException> { lock.acquire(block = false, timeout = 1.seconds) }.message shouldStartWith
                    "can't specify timeout for non-blocking acquire"
                shouldThrow<IllegalArgumentException> { lock.acquire(timeout = (-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                lock.withLock { lock.locked() shouldBe true }
            }
        }
    }
}
