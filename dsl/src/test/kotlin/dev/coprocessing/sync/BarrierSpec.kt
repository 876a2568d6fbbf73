@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

private const val N = 5

/** Runs [body] in [N] coroutines at once, as lock_tests' `run_threads`, and waits for them all. */
private suspend fun CoroutineScope.runParties(body: suspend (Int) -> Unit) {
    List(N) { i -> async { body(i) } }.awaitAll()
}

class BarrierSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Barrier") { barrierCases(BarrierKind.plain) }
    context("manager.Barrier()") { barrierCases(BarrierKind.managed(managed)) }
})

/** The cases of a barrier, for every kind [newBarrier] makes. */
private suspend fun FunSpecContainerScope.barrierCases(newBarrier: BarrierKind) {

    test("parties pass in lockstep, for one round and for ten") {
        runTest {
            for (passes in listOf(1, 10)) {
                val barrier = newBarrier(N, timeout = 2.seconds)
                val before = Collections.synchronizedList(mutableListOf<Int>())
                val after = Collections.synchronizedList(mutableListOf<Int>())
                runParties { i ->
                    repeat(passes) { round ->
                        before += i
                        after.size shouldBe round * N
                        barrier.wait()
                        after += i
                        before.size shouldBe (round + 1) * N
                        barrier.wait()
                    }
                }
                barrier.nWaiting shouldBe 0
                barrier.broken shouldBe false
            }
        }
    }

    test("wait returns each arrival index 0..parties-1 once") {
        runTest {
            val barrier = newBarrier(N)
            val indices = List(N) { async { barrier.wait() } }.awaitAll()
            indices shouldContainExactlyInAnyOrder (0 until N).toList()
        }
    }

    test("the action runs once, in the last arrival, before anyone is released") {
        runTest {
            val ran = Collections.synchronizedList(mutableListOf<Int>())
            var last = -1
            val barrier = newBarrier(N) { ran += 1 }
            runParties { i ->
                sleep(i * 0.1)
                if (barrier.wait() == N - 1) last = i
                ran.size shouldBe 1
            }
            last shouldBe N - 1
        }
    }

    test("nWaiting, parties and toString follow the round") {
        runTest {
            val barrier = newBarrier(3)
            barrier.parties shouldBe 3
            barrier.toString() shouldMatch Regex("<Barrier at 0x[0-9a-f]+: waiters=0/3>")
            val two = List(2) { launch { barrier.wait() } }
            runCurrent()
            barrier.nWaiting shouldBe 2
            barrier.toString() shouldMatch Regex("<Barrier at 0x[0-9a-f]+: waiters=2/3>")
            barrier.wait() shouldBe 2
            two.forEach { it.join() }
            barrier.nWaiting shouldBe 0
            barrier.abort()
            barrier.toString() shouldMatch Regex("<Barrier at 0x[0-9a-f]+: broken>")
        }
    }

    test("abort breaks the barrier for every waiter and every later wait") {
        runTest {
            val barrier = newBarrier(N, timeout = 2.seconds)
            val passed = Collections.synchronizedList(mutableListOf<Int>())
            val brokenFor = Collections.synchronizedList(mutableListOf<Int>())
            runParties { i ->
                try {
                    val index = barrier.wait()
                    if (index == N / 2) {
                        barrier.abort()
                        return@runParties
                    }
                    barrier.wait()
                    passed += i
                } catch (e: BrokenBarrierError) {
                    brokenFor += i
                }
            }
            passed.size shouldBe 0
            brokenFor.size shouldBe N - 1
            barrier.broken shouldBe true
            shouldThrow<BrokenBarrierError> { barrier.wait() }
        }
    }

    test("reset frees the waiters with BrokenBarrierError, and the barrier works again") {
        runTest {
            val barrier = newBarrier(N, timeout = 2.seconds)
            val passed = Collections.synchronizedList(mutableListOf<Int>())
            val brokenFor = Collections.synchronizedList(mutableListOf<Int>())
            val again = Collections.synchronizedList(mutableListOf<Int>())
            runParties { i ->
                val index = barrier.wait()
                if (index == N / 2) {
                    while (barrier.nWaiting < N - 1) sleep(0.001)
                    barrier.reset()
                } else {
                    try {
                        barrier.wait()
                        passed += i
                    } catch (e: BrokenBarrierError) {
                        brokenFor += i
                    }
                }
                barrier.wait()
                again += i
            }
            passed.size shouldBe 0
            brokenFor.size shouldBe N - 1
            again.size shouldBe N
            barrier.broken shouldBe false
        }
    }

    test("a barrier broken by abort works again after reset") {
        runTest {
            val barrier = newBarrier(N, timeout = 2.seconds)
            val meeting = newBarrier(N)
            val brokenFor = Collections.synchronizedList(mutableListOf<Int>())
            val again = Collections.synchronizedList(mutableListOf<Int>())
            runParties { i ->
                try {
                    if (barrier.wait() == N / 2) throw IllegalStateException("give up")
                    barrier.wait()
                } catch (e: BrokenBarrierError) {
                    brokenFor += i
                } catch (e: IllegalStateException) {
                    barrier.abort()
                }
                if (meeting.wait() == N / 2) barrier.reset()
                meeting.wait()
                barrier.wait()
                again += i
            }
            brokenFor.size shouldBe N - 1
            again.size shouldBe N
        }
    }

    test("a wait that runs out of time breaks the barrier for everyone") {
        runTest {
            val barrier = newBarrier(N, timeout = 2.seconds)
            val errors = Collections.synchronizedList(mutableListOf<Throwable>())
            runParties {
                if (barrier.wait() == N / 2) sleep(1.0)   // one party is late
                errors += shouldThrow<BrokenBarrierError> { barrier.wait(500.milliseconds) }
            }
            errors.size shouldBe N
            currentTime shouldBe 1000
            barrier.broken shouldBe true
        }
    }

    test("the barrier's default timeout applies to waits without one") {
        runTest {
            val barrier = newBarrier(N, timeout = 300.milliseconds)
            runParties {
                if (barrier.wait() == N / 2) sleep(1.0)
                shouldThrow<BrokenBarrierError> { barrier.wait() }
            }
            currentTime shouldBe 1000
        }
    }

    test("a single party never waits") {
        runTest {
            val barrier = newBarrier(1)
            barrier.wait() shouldBe 0
            barrier.wait() shouldBe 0
            currentTime shouldBe 0
        }
    }

    test("a waiter cancelled while it waits breaks the barrier, so the others do not wait forever") {
        runTest {
            val barrier = newBarrier(3)
            val cancelled = launch { barrier.wait() }
            val other = async { runCatching { barrier.wait() }.exceptionOrNull() }
            runCurrent()
            barrier.nWaiting shouldBe 2
            cancelled.cancel()
            (other.await() is BrokenBarrierError) shouldBe true
            barrier.broken shouldBe true
            barrier.reset()
            barrier.broken shouldBe false
            barrier.nWaiting shouldBe 0
        }
    }

    test("a throwing action breaks the barrier: its caller gets the exception, the others BrokenBarrierError") {
        runTest {
            val barrier = newBarrier(3) { throw IllegalArgumentException("action failed") }
            val outcomes = List(3) { async { runCatching { barrier.wait() }.exceptionOrNull() } }.awaitAll()
            outcomes.count { it is IllegalArgumentException } shouldBe 1
            outcomes.count { it is BrokenBarrierError } shouldBe 2
            barrier.broken shouldBe true
        }
    }

    test("blocking twins: threads meet and all get through") {
        val barrier = newBarrier(3, java.time.Duration.ofSeconds(10)) { }
        val indices = Collections.synchronizedList(mutableListOf<Int>())
        val done = CountDownLatch(3)
        val threads = List(3) { thread { indices += barrier.waitBlocking(); done.countDown() } }
        done.await(10, TimeUnit.SECONDS) shouldBe true
        threads.forEach { it.join(10_000) }
        indices shouldContainExactlyInAnyOrder listOf(0, 1, 2)
        newBarrier(2).let { lonely ->
            shouldThrow<BrokenBarrierError> { lonely.waitBlocking(0.01) }
            lonely.broken shouldBe true
        }
    }

    context("bad input") {
        test("Barrier(0) and a negative timeout") {
            shouldThrow<IllegalArgumentException> { newBarrier(0) }.message shouldStartWith "parties must be >= 1"
            shouldThrow<IllegalArgumentException> { newBarrier(2, timeout = (-1).seconds) }.message shouldStartWith
                "'timeout' must be a non-negative number"
            shouldThrow<IllegalArgumentException> { newBarrier(2, java.time.Duration.ofSeconds(-1)) }
            runTest {
                val barrier = newBarrier(1)
                shouldThrow<IllegalArgumentException> { barrier.wait((-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                barrier.broken shouldBe false
                barrier.wait() shouldBe 0
            }
        }
    }
}
