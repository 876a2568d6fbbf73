@file:OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)

package dev.coprocessing.futures

import dev.coprocessing.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest

/** asCompleted(), modelled on CPython's test_concurrent_futures/test_as_completed.py. */
class AsCompletedSpec : FunSpec({

    test("futures come as they complete: those already done first, then in completion order") {
        val gates = List(3) { Gate() }
        ThreadPoolExecutor(3).use { ex ->
            try {
                val done = ex.submit { -1 }
                done.result()
                val held = gates.mapIndexed { i, gate -> ex.submit { gate.pass(); i } }
                gates.forEach { it.awaitArrival() }
                val order = mutableListOf<Int>()
                asCompleted(held.reversed() + done).collect { f ->
                    order += f.result()
                    // Release the held ones one by one, in the order 2, 0, 1.
                    when (order.size) {
                        1 -> gates[2].open()
                        2 -> gates[0].open()
                        3 -> gates[1].open()
                    }
                }
                order shouldContainExactly listOf(-1, 2, 0, 1)
            } finally {
                gates.forEach { it.open() }
            }
        }
    }

    test("a future given twice comes once") {
        ThreadPoolExecutor(1).use { ex ->
            val f = ex.submit { 1 }
            asCompleted(listOf(f, f, f)).toList() shouldContainExactly listOf(f)
        }
    }

    test("the timeout throws TimeoutError with CPython's message, after the completed ones (on virtual time)") {
        val gate = Gate()
        ThreadPoolExecutor(2).use { ex ->
            try {
                val done = ex.submit { 1 }.also { it.result() }
                val pending = ex.submit { gate.pass(); 2 }
                gate.awaitArrival()
                runTest {
                    val seen = mutableListOf<Future<Int>>()
                    val e = shouldThrow<TimeoutError> { asCompleted(listOf(done, pending), timeout = 5.seconds).collect { seen += it } }
                    e.message shouldBe "1 (of 2) futures unfinished"
                    seen shouldContainExactly listOf(done)
                }
                val zero = shouldThrow<TimeoutError> { asCompleted(listOf(pending), timeout = 0.seconds).toList() }
                zero.message shouldBe "1 (of 1) futures unfinished"
            } finally {
                gate.open()
            }
        }
    }

    test("the Java view is an Iterator whose next() blocks until the next future completes") {
        val started = CountDownLatch(1)
        val gate = Gate()
        ThreadPoolExecutor(2).use { ex ->
            val slow = ex.submit { started.countDown(); gate.pass(); "slow" }
            awaitLatch(started, "the slow task")
            val quick = ex.submit { "quick" }
            val iterator = asCompletedBlocking(listOf(slow, quick), java.time.Duration.ofSeconds(PATIENCE_SECONDS))
            iterator.hasNext() shouldBe true
            iterator.next().resultBlocking() shouldBe "quick"
            gate.open()
            iterator.next().resultBlocking() shouldBe "slow"
            iterator.hasNext() shouldBe false
            shouldThrow<NoSuchElementException> { iterator.next() }
        }
    }

    test("collected once; a negative timeout is refused") {
        ThreadPoolExecutor(1).use { ex ->
            val flow = asCompleted(listOf(ex.submit { 1 }))
            flow.toList()
            shouldThrow<IllegalStateException> { flow.toList() }.message shouldStartWith "the futures of asCompleted can be read only once"
            shouldThrow<IllegalArgumentException> { asCompleted(listOf(ex.submit { 1 }), timeout = (-1).seconds) }
        }
    }

    test("no futures: nothing, at once") {
        runTest {
            asCompleted(emptyList<Future<Int>>()).toList() shouldBe emptyList()
            currentTime shouldBe 0
        }
    }
})
