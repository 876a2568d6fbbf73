package dev.coprocessing.queue

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/** LifoQueue, PriorityQueue and SimpleQueue: their order, and what they share with Queue. */
class QueueKindsSpec : FunSpec({

    context("LifoQueue") {
        test("the last item put comes out first") {
            runTest {
                val q = LifoQueue<Int>()
                for (i in 1..5) q.put(i)
                List(5) { q.get() } shouldContainExactly listOf(5, 4, 3, 2, 1)
            }
        }
        test("bounded, joinable, and a waiting getter gets the item put") {
            runTest {
                val q = LifoQueue<String>(maxsize = 2)
                q.put("a"); q.put("b")
                q.full() shouldBe true
                shouldThrow<Full> { q.putNowait("c") }
                q.get() shouldBe "b"
                q.taskDone()
                q.get() shouldBe "a"
                q.taskDone()
                q.join()
                val waiting = async { q.get() }
                runCurrent()
                q.put("late")
                waiting.await() shouldBe "late"
                q.shouldBeInstanceOf<JoinableQueue<String>>()
            }
        }
        test("a cancelled getter's item stays on top") {
            runTest {
                val q = LifoQueue<Int>()
                val cancelled = launch { q.get() }
                runCurrent()
                q.put(1)
                cancelled.cancel()
                q.put(2)
                List(2) { q.get() } shouldContainExactly listOf(2, 1)
            }
        }
    }

    context("PriorityQueue") {
        test("the lowest item comes out first, by natural order") {
            runTest {
                val q = PriorityQueue<Int>()
                for (i in listOf(5, 1, 4, 2, 3)) q.put(i)
                List(5) { q.get() } shouldContainExactly listOf(1, 2, 3, 4, 5)
            }
        }
        test("with a comparator; equal priorities keep insertion order") {
            runTest {
                val q = PriorityQueue<Pair<Int, String>>(comparator = compareBy { it.first })
                q.put(2 to "b1"); q.put(1 to "a1"); q.put(2 to "b2"); q.put(1 to "a2"); q.put(2 to "b3")
                List(5) { q.get().second } shouldContainExactly listOf("a1", "a2", "b1", "b2", "b3")
            }
        }
        test("a comparator that reverses the order") {
            runTest {
                val q = PriorityQueue<String>(Comparator.reverseOrder())
                q.put("a"); q.put("c"); q.put("b")
                List(3) { q.get() } shouldContainExactly listOf("c", "b", "a")
            }
        }
        test("an item that is not Comparable, without a comparator, is refused; the queue keeps working") {
            runTest {
                class Task(val name: String)
                val q = PriorityQueue<Any>()
                q.put(1)
                val e = shouldThrow<IllegalArgumentException> { q.put(Task("x")) }
                e.message shouldContain "PriorityQueue items must be Comparable"
                e.message shouldContain "comparator"
                q.qsize() shouldBe 1
                q.put(0)
                List(2) { q.get() } shouldContainExactly listOf(0, 1)
            }
        }
        test("an item that cannot be compared with those queued is refused and leaves the queue intact") {
            runTest {
                val q = PriorityQueue<Any?>()
                for (i in listOf(3, 1, 2)) q.put(i)
                shouldThrow<IllegalArgumentException> { q.put("text") }.message shouldContain "'<' not supported"
                q.qsize() shouldBe 3
                List(3) { q.get() } shouldContainExactly listOf(1, 2, 3)
                shouldThrow<IllegalArgumentException> { q.put(null) }
                q.empty() shouldBe true
            }
        }
        test("null with a comparator that rejects it is refused by every put, and the queue is left intact") {
            runTest {
                @Suppress("UNCHECKED_CAST")
                val natural = Comparator.naturalOrder<Int>() as Comparator<Int?>
                val q = PriorityQueue<Int?>(natural)
                shouldThrow<IllegalArgumentException> { q.put(null) }.message shouldStartWith
                    "PriorityQueue cannot order null with its comparator"
                q.empty() shouldBe true
                q.put(3)
                q.put(1)
                shouldThrow<IllegalArgumentException> { q.put(null) }.cause.shouldBeInstanceOf<NullPointerException>()
                shouldThrow<IllegalArgumentException> { q.put(null, block = false) }
                shouldThrow<IllegalArgumentException> { q.put(null, timeout = 1.seconds) }
                shouldThrow<IllegalArgumentException> { q.putNowait(null) }
                shouldThrow<IllegalArgumentException> { q.putBlocking(null) }
                shouldThrow<IllegalArgumentException> { q.putBlocking(null, timeout = 1.seconds) }
                q.toString() shouldContain "qsize=2 unfinished=2"
                List(2) { q.get() } shouldContainExactly listOf(1, 3)
            }
        }
        test("null is refused at once by a full bounded queue, not after waiting for room") {
            runTest {
                @Suppress("UNCHECKED_CAST")
                val natural = Comparator.naturalOrder<Int>() as Comparator<Int?>
                val q = PriorityQueue<Int?>(maxsize = 1, comparator = natural)
                q.put(5)
                shouldThrow<IllegalArgumentException> { q.put(null, timeout = 1.seconds) }
                currentTime shouldBe 0
                shouldThrow<IllegalArgumentException> { q.putNowait(null) }
                shouldThrow<IllegalArgumentException> { q.put(null) }
                q.qsize() shouldBe 1
                q.get() shouldBe 5
                q.put(4)
                q.get() shouldBe 4
            }
        }
        test("a Kotlin comparator that throws NullPointerException refuses the item as it refuses null") {
            runTest {
                val byFirst = PriorityQueue<Pair<Int?, String>?>(comparator = compareBy { it!!.first!! })
                byFirst.put(2 to "b")
                shouldThrow<IllegalArgumentException> { byFirst.put(null) }.message shouldStartWith
                    "PriorityQueue cannot order null"
                shouldThrow<IllegalArgumentException> { byFirst.put(null to "no priority") }.message shouldStartWith
                    "'<' not supported"
                byFirst.put(1 to "a")
                List(2) { byFirst.get()!!.second } shouldContainExactly listOf("a", "b")
                // Without a comparator, null is refused as not Comparable, as before.
                shouldThrow<IllegalArgumentException> { PriorityQueue<Int?>().put(null) }.message shouldStartWith
                    "PriorityQueue items must be Comparable"
            }
        }
        test("bounded and joinable") {
            runTest {
                val q = PriorityQueue<Int>(maxsize = 1)
                q.put(2)
                shouldThrow<Full> { q.put(1, timeout = 1.seconds) }
                currentTime shouldBe 1_000
                q.get() shouldBe 2
                val joined = async { q.join(); currentTime }
                delay(500)
                q.taskDone()
                joined.await() shouldBe 1_500
                q.toString() shouldMatch Regex("<PriorityQueue at 0x[0-9a-f]+ maxsize=1 qsize=0 unfinished=0>")
            }
        }
    }

    context("SimpleQueue") {
        test("FIFO, never full, put never waits") {
            runTest {
                val q = SimpleQueue<Int?>()
                q.empty() shouldBe true
                repeat(1000) { q.put(it) }
                q.putNowait(null)
                q.qsize() shouldBe 1001
                List(1000) { q.get() } shouldContainExactly (0 until 1000).toList()
                q.getNowait() shouldBe null
                shouldThrow<Empty> { q.getNowait() }
                shouldThrow<Empty> { q.get(block = false) }
                shouldThrow<Empty> { q.get(timeout = 2.seconds) }
                currentTime shouldBe 2_000
            }
        }
        test("a waiting get is served, a cancelled one takes nothing") {
            runTest {
                val q = SimpleQueue<String>()
                val cancelled = launch { q.get() }
                runCurrent()
                cancelled.cancel()
                val waiting = async { q.get() }
                runCurrent()
                q.put("x")
                waiting.await() shouldBe "x"
                q.qsize() shouldBe 0
            }
        }
        test("shutdown and close") {
            runTest {
                val q = SimpleQueue<Int>()
                q.put(1)
                q.shutdown()
                q.isShutdown shouldBe true
                shouldThrow<ShutDown> { q.put(2) }
                q.get() shouldBe 1
                shouldThrow<ShutDown> { q.get() }
                val closed = SimpleQueue<Int>()
                closed.close()
                closed.close()
                shouldThrow<IllegalStateException> { closed.put(1) }.message shouldBe "Queue $closed is closed"
                shouldThrow<IllegalStateException> { closed.empty() }
                closed.toString() shouldMatch Regex("<SimpleQueue at 0x[0-9a-f]+ qsize=0 closed>")
            }
        }
        test("blocking twins") {
            val q = SimpleQueue<String>()
            val got = CompletableFuture.supplyAsync { q.getBlocking(10.0) }
            q.put("hi")
            got.get(10, TimeUnit.SECONDS) shouldBe "hi"
            shouldThrow<Empty> { q.getBlocking(false) }
            shouldThrow<Empty> { q.getBlocking(java.time.Duration.ofMillis(10)) }
            shouldThrow<IllegalArgumentException> { q.getBlocking(-1.0) }
        }
    }
})
