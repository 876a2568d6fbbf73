package dev.coprocessing.queue

import io.kotest.assertions.throwables.shouldThrow
import dev.coprocessing.sync.ManagerPerTest
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.advanceUntilIdle
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.yield

/** Queue and JoinableQueue, after CPython's test_queue.py and the queue parts of _test_multiprocessing.py. */
class QueueSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Queue") { queueCases(QueueKind.plain) }
    context("manager.Queue()") { queueCases(QueueKind.managed(managed)) }

    context("Queue: close (a managed queue has no feeder thread, so no close)") {
        test("put, get and empty throw 'Queue <repr> is closed'; closing twice or unused is fine") {
            runTest {
                Queue<Int>().close() // never used
                val q = Queue<Int>()
                q.put(1)
                q.close()
                q.close()
                val expected = "Queue $q is closed"
                shouldThrow<IllegalStateException> { q.put(2) }.message shouldBe expected
                shouldThrow<IllegalStateException> { q.putNowait(2) }.message shouldBe expected
                shouldThrow<IllegalStateException> { q.get() }.message shouldBe expected
                shouldThrow<IllegalStateException> { q.getNowait() }.message shouldBe expected
                shouldThrow<IllegalStateException> { q.empty() }.message shouldBe expected
                q.qsize() shouldBe 1
                q.full() shouldBe false
            }
        }
        test("waiting getters and putters wake with the closed error instead of hanging") {
            runTest {
                val q = Queue<Int>(maxsize = 1)
                val getter = async { runCatching { Queue<Int>().also { it.close() }.get() } }
                val other = Queue<Int>()
                val waitingGetter = async { runCatching { other.get() } }
                q.put(0)
                val waitingPutter = async { runCatching { q.put(1) } }
                runCurrent()
                other.close(); q.close()
                getter.await().exceptionOrNull().shouldBeInstanceOf<IllegalStateException>()
                waitingGetter.await().exceptionOrNull()!!.message shouldBe "Queue $other is closed"
                waitingPutter.await().exceptionOrNull()!!.message shouldBe "Queue $q is closed"
            }
        }
        test("joinThread needs a closed queue; cancelJoinThread is accepted") {
            val q = Queue<Int>()
            shouldThrow<IllegalStateException> { q.joinThread() }.message shouldStartWith "Queue $q not closed"
            q.cancelJoinThread()
            q.close()
            q.joinThread()
        }
    }

    test("Queue: toString reads like a repr and names the state") {
        val q = Queue<Int>(3)
        q.putNowait(1)
        q.toString() shouldMatch Regex("<Queue at 0x[0-9a-f]+ maxsize=3 qsize=1>")
        q.shutdown()
        q.close()
        q.toString() shouldMatch Regex("<Queue at 0x[0-9a-f]+ maxsize=3 qsize=1 shutdown closed>")
    }

})

/** The cases of a queue, for every kind [kind] makes: CPython's `queue.Queue` and the manager's. */
private suspend fun FunSpecContainerScope.queueCases(kind: QueueKind) {

    test("FIFO order, exact qsize, empty and full") {
        runTest {
            val q = kind.queue<Int>(3)
            q.maxsize shouldBe 3
            q.empty() shouldBe true
            q.full() shouldBe false
            q.put(1); q.put(2)
            q.qsize() shouldBe 2
            q.full() shouldBe false
            q.put(3)
            q.full() shouldBe true
            q.empty() shouldBe false
            List(3) { q.get() } shouldContainExactly listOf(1, 2, 3)
            q.qsize() shouldBe 0
            q.empty() shouldBe true
        }
    }

    test("maxsize <= 0 is unbounded") {
        runTest {
            for (maxsize in listOf(0, -1)) {
                val q = kind.queue<Int>(maxsize)
                repeat(10_000) { q.putNowait(it) }
                q.full() shouldBe false
                q.qsize() shouldBe 10_000
            }
        }
    }

    test("null is an item, so it can be the None sentinel") {
        runTest {
            val q = kind.queue<String?>()
            q.put("a"); q.put(null)
            q.get() shouldBe "a"
            q.get() shouldBe null
            q.qsize() shouldBe 0
        }
    }

    test("get suspends until an item is put") {
        runTest {
            val q = kind.queue<String>()
            val got = async { q.get() to currentTime }
            delay(1_000)
            q.put("late")
            got.await() shouldBe ("late" to 1_000L)
        }
    }

    test("put on a full queue suspends until a get makes room") {
        runTest {
            val q = kind.queue<Int>(1)
            q.put(1)
            val putter = launch { q.put(2) }
            runCurrent()
            putter.isActive shouldBe true
            q.qsize() shouldBe 1
            delay(500)
            q.get() shouldBe 1
            putter.join()
            currentTime shouldBe 500
            q.get() shouldBe 2
        }
    }

    test("get with a timeout throws Empty after exactly the timeout, and returns an item that comes before it") {
        runTest {
            val q = kind.queue<Int>()
            shouldThrow<Empty> { q.get(timeout = 2.seconds) }
            currentTime shouldBe 2_000
            launch { delay(500); q.put(7) }
            q.get(timeout = 2.seconds) shouldBe 7
            currentTime shouldBe 2_500
            shouldThrow<Empty> { q.get(timeout = 0.seconds) }
            currentTime shouldBe 2_500
        }
    }

    test("put with a timeout throws Full after the timeout and does not enqueue") {
        runTest {
            val q = kind.queue<Int>(2)
            q.put(1); q.put(2)
            shouldThrow<Full> { q.put(3, timeout = 1.seconds) }
            currentTime shouldBe 1_000
            q.qsize() shouldBe 2
            List(2) { q.get() } shouldContainExactly listOf(1, 2)
            q.empty() shouldBe true
        }
    }

    test("block = false fails at once: Empty and Full, and the queue keeps working") {
        runTest {
            val q = kind.queue<Int>(1)
            shouldThrow<Empty> { q.get(block = false) }
            shouldThrow<Empty> { q.getNowait() }
            q.putNowait(1)
            shouldThrow<Full> { q.put(2, block = false) }
            shouldThrow<Full> { q.putNowait(2) }
            q.qsize() shouldBe 1
            q.getNowait() shouldBe 1
            q.putNowait(3)
            q.get() shouldBe 3
            currentTime shouldBe 0
        }
    }

    test("a cancelled get takes nothing; the item goes to the next get") {
        runTest {
            val q = kind.queue<String>()
            val cancelled = launch { q.get() }
            runCurrent()
            val waiting = async { q.get() }
            runCurrent()
            cancelled.cancel()
            q.put("x")
            waiting.await() shouldBe "x"
            cancelled.isCancelled shouldBe true
            q.qsize() shouldBe 0
        }
    }

    test("a get cancelled after an item was set aside for it passes the item on, so the other getter is not stranded") {
        runTest {
            val q = kind.queue<Int>()
            val first = launch { q.get() }
            val second = async { q.get() }
            runCurrent()
            q.put(1)           // sets the item aside for the first getter, which has not run yet
            first.cancel()     // it leaves without the item: the second one must get it
            second.await() shouldBe 1
            q.qsize() shouldBe 0
        }
    }

    test("a get whose timeout fires just as it is cancelled takes nothing") {
        runTest {
            val q = kind.queue<Int>()
            val getter = launch { q.get(timeout = 1.seconds) }
            // Runs at the same virtual instant as the get's timeout, just after it: the getter is then both
            // timed out and cancelled, and must not take the item put here, which it could never return.
            launch {
                delay(1_000)
                getter.cancel()
                q.put(7)
            }
            advanceUntilIdle()
            getter.isCancelled shouldBe true
            q.qsize() shouldBe 1
            q.getNowait() shouldBe 7
        }
    }

    test("a cancelled put does not enqueue, and qsize agrees") {
        runTest {
            val q = kind.queue<Int>(1)
            q.put(1)
            val putter = launch { q.put(2) }
            runCurrent()
            putter.cancel()
            putter.join()
            q.qsize() shouldBe 1
            q.get() shouldBe 1
            shouldThrow<Empty> { q.getNowait() }
        }
    }

    test("items from each producer come out in the order that producer put them") {
        runTest {
            val q = kind.queue<Pair<Int, Int>>(4)
            val producers = List(3) { p -> launch { repeat(50) { i -> q.put(p to i); if (i % 7 == 0) yield() } } }
            val seen = List(150) { q.get() }
            producers.forEach { it.join() }
            for (p in 0 until 3) seen.filter { it.first == p }.map { it.second } shouldContainExactly (0 until 50).toList()
        }
    }

    test("waiting getters are served one item each") {
        runTest {
            val q = kind.queue<Int>()
            val getters = List(5) { async { q.get() } }
            runCurrent()
            repeat(5) { q.put(it) }
            getters.map { it.await() }.sorted() shouldContainExactly listOf(0, 1, 2, 3, 4)
        }
    }

    context("shutdown, as Python 3.13") {
        test("put throws ShutDown; get drains what is left, then throws ShutDown") {
            runTest {
                val q = kind.queue<Int>()
                q.put(1); q.put(2)
                q.isShutdown shouldBe false
                q.shutdown()
                q.isShutdown shouldBe true
                shouldThrow<ShutDown> { q.put(3) }
                shouldThrow<ShutDown> { q.putNowait(3) }
                q.get() shouldBe 1
                q.getNowait() shouldBe 2
                shouldThrow<ShutDown> { q.get() }
                shouldThrow<ShutDown> { q.getNowait() }
                shouldThrow<ShutDown> { q.get(block = false) }
                q.shutdown() // again is fine
            }
        }
        test("waiting getters and putters wake with ShutDown") {
            runTest {
                val empty = kind.queue<Int>()
                val getter = async { runCatching { empty.get() } }
                val full = kind.queue<Int>(1)
                full.put(0)
                val putter = async { runCatching { full.put(1) } }
                runCurrent()
                empty.shutdown()
                full.shutdown()
                getter.await().exceptionOrNull().shouldBeInstanceOf<ShutDown>()
                putter.await().exceptionOrNull().shouldBeInstanceOf<ShutDown>()
                full.qsize() shouldBe 1
            }
        }
        test("immediate discards the items left, and join() waits only for items already taken") {
            runTest {
                val q = kind.joinable<Int>()
                repeat(5) { q.put(it) }
                q.get() shouldBe 0
                q.shutdown(immediate = true)
                q.qsize() shouldBe 0
                shouldThrow<ShutDown> { q.get() }
                val joined = async { q.join(); currentTime }
                delay(1_000)
                joined.isCompleted shouldBe false
                q.taskDone() // the one taken before the shutdown
                joined.await() shouldBe 1_000
                shouldThrow<IllegalStateException> { q.taskDone() }
            }
        }
    }

    context("bad input") {
        test("a negative timeout, in every form") {
            runTest {
                val q = kind.queue<Int>(1)
                shouldThrow<IllegalArgumentException> { q.get(timeout = (-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                shouldThrow<IllegalArgumentException> { q.put(1, timeout = (-1).milliseconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                shouldThrow<IllegalArgumentException> { q.getBlocking(-0.5) }
                shouldThrow<IllegalArgumentException> { q.getBlocking(true, java.time.Duration.ofSeconds(-1)) }
                shouldThrow<IllegalArgumentException> { q.putBlocking(1, -1.0) }
                shouldThrow<IllegalArgumentException> { q.putBlocking(1, Double.NaN) }
                q.qsize() shouldBe 0
            }
        }
        test("taskDone too many times fails and leaves the count alone") {
            runTest {
                val q = kind.joinable<Int>()
                shouldThrow<IllegalStateException> { q.taskDone() }.message shouldStartWith "task_done() called too many times"
                q.put(1)
                q.get()
                q.taskDone()
                shouldThrow<IllegalStateException> { q.taskDone() }
                q.join() // returns: nothing unfinished
                q.put(2)
                q.toString() shouldMatch Regex("<JoinableQueue at 0x[0-9a-f]+ maxsize=0 qsize=1 unfinished=1>")
            }
        }
    }

    context("JoinableQueue") {
        test("join returns once every item put has been marked done") {
            runTest {
                val q = kind.joinable<Int>()
                q.join() // nothing put: returns at once
                repeat(3) { q.put(it) }
                val worker = launch {
                    while (true) {
                        q.get()
                        delay(1_000)
                        q.taskDone()
                    }
                }
                q.join()
                currentTime shouldBe 3_000
                worker.cancel()
            }
        }
        test("a cancelled join changes nothing") {
            runTest {
                val q = kind.joinable<Int>()
                q.put(1)
                val joiner = launch { q.join() }
                runCurrent()
                joiner.cancel()
                q.get()
                val second = async { q.join(); "joined" }
                q.taskDone()
                second.await() shouldBe "joined"
            }
        }
    }

    context("blocking twins, for threads and Java") {
        test("get blocks a thread until another thread puts") {
            val q = kind.queue<String>()
            val got = CompletableFuture.supplyAsync { q.getBlocking() }
            q.putBlocking("hello")
            got.get(10, TimeUnit.SECONDS) shouldBe "hello"
        }
        test("timeouts in seconds and as java.time.Duration; block = false") {
            val q = kind.queue<Int>(1)
            shouldThrow<Empty> { q.getBlocking(0.05) }
            shouldThrow<Empty> { q.getBlocking(java.time.Duration.ofMillis(50)) }
            shouldThrow<Empty> { q.getBlocking(false) }
            shouldThrow<Empty> { q.getBlocking(true, 0.01) }
            shouldThrow<Empty> { q.getBlocking(timeout = 10.milliseconds) }
            q.putBlocking(1, true, 1.0)
            shouldThrow<Full> { q.putBlocking(2, 0.05) }
            shouldThrow<Full> { q.putBlocking(2, false) }
            shouldThrow<Full> { q.putBlocking(2, java.time.Duration.ofMillis(10)) }
            shouldThrow<Full> { q.putBlocking(2, timeout = 10.milliseconds) }
            q.getBlocking(false, java.time.Duration.ZERO) shouldBe 1
        }
        test("JoinableQueue.join blocks a thread until the tasks are done") {
            val q = kind.joinable<Int>()
            q.putBlocking(1)
            val worker = Thread { q.getBlocking(); q.taskDone() }
            worker.start()
            q.joinBlocking()
            worker.join(10_000)
            worker.isAlive shouldBe false
        }
        test("an interrupted blocking get throws InterruptedException and takes nothing") {
            val q = kind.queue<Int>()
            val failure = CompletableFuture<Throwable?>()
            val reader = Thread { failure.complete(runCatching { q.getBlocking() }.exceptionOrNull()) }
            reader.start()
            // Waits until the reader is parked in get(): bounded, and it fails with a message if it never is.
            val deadline = System.nanoTime() + 10_000_000_000
            while (reader.state != Thread.State.WAITING && reader.state != Thread.State.TIMED_WAITING) {
                check(System.nanoTime() < deadline) { "the reader never blocked in get()" }
                Thread.onSpinWait()
            }
            reader.interrupt()
            failure.get(10, TimeUnit.SECONDS).shouldBeInstanceOf<InterruptedException>()
            q.putNowait(1)
            q.getNowait() shouldBe 1
        }
    }
}
