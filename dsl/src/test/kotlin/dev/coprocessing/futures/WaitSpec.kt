@file:OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)

package dev.coprocessing.futures

import dev.coprocessing.futures.ReturnWhen.ALL_COMPLETED
import dev.coprocessing.futures.ReturnWhen.FIRST_COMPLETED
import dev.coprocessing.futures.ReturnWhen.FIRST_EXCEPTION
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.Callable
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest

/** wait(), modelled on CPython's test_concurrent_futures/test_wait.py. */
class WaitSpec : FunSpec({

    /** Runs [block] with a finished, a failed and a cancelled future, and a pending one held until [Gate.open]. */
    suspend fun withFutures(block: suspend (Futures4) -> Unit) {
        val gate = Gate()
        val ex = ThreadPoolExecutor(2)
        try {
            val finished = ex.submit { 1 }
            val failed = ex.submit(Callable<Int> { throw java.io.IOException("failed") })
            finished.result(); failed.exception()
            val pending = ex.submit { gate.pass(); 4 }
            gate.awaitArrival()
            val cancelled = ThreadPoolExecutor(1).let { other ->
                val held = Gate()
                other.submit { held.pass() }
                held.awaitArrival()
                other.submit { 0 }.also { it.cancel(); held.open(); other.shutdown() }
            }
            block(Futures4(finished, failed, cancelled, pending, gate))
        } finally {
            gate.open()
            ex.shutdown()
        }
    }

    test("a future given twice is returned once (CPython issue 20369)") {
        withFutures { f ->
            val (done, notDone) = wait(listOf(f.finished, f.finished))
            done shouldBe setOf(f.finished)
            notDone shouldBe emptySet()
        }
    }

    test("FIRST_COMPLETED returns once one future completes") {
        withFutures { f ->
            val opener = Thread { f.gate.open() }
            val (done, notDone) = run {
                opener.start()
                wait(listOf(f.pending), timeout = PATIENCE_SECONDS.seconds, returnWhen = FIRST_COMPLETED)
            }
            opener.join()
            done shouldBe setOf(f.pending)
            notDone shouldBe emptySet()
        }
    }

    test("FIRST_COMPLETED with some already completed returns at once") {
        withFutures { f ->
            runTest {
                val (done, notDone) = wait(listOf(f.finished, f.cancelled, f.pending), returnWhen = FIRST_COMPLETED)
                done shouldBe setOf(f.finished, f.cancelled)
                notDone shouldBe setOf(f.pending)
                currentTime shouldBe 0
            }
        }
    }

    test("FIRST_EXCEPTION returns once a future fails, and a failed one returns at once") {
        withFutures { f ->
            runTest {
                val (done, notDone) = wait(listOf(f.finished, f.failed, f.pending), returnWhen = FIRST_EXCEPTION)
                done shouldBe setOf(f.finished, f.failed)
                notDone shouldBe setOf(f.pending)
            }
        }
        ThreadPoolExecutor(2).use { ex ->
            val gate = Gate()
            val slow = ex.submit { gate.pass(); 1 }
            val failing = ex.submit { gate.awaitArrival(); error("boom") }
            val (done, notDone) = wait(listOf(slow, failing), timeout = PATIENCE_SECONDS.seconds, returnWhen = FIRST_EXCEPTION)
            done shouldBe setOf(failing)
            notDone shouldBe setOf(slow)
            gate.open()
            failing.exception()!!.message shouldBe "boom"
        }
    }

    test("FIRST_EXCEPTION without any exception waits for all, as ALL_COMPLETED") {
        withFutures { f ->
            val opener = Thread { f.gate.open() }
            opener.start()
            val (done, notDone) = wait(listOf(f.finished, f.cancelled, f.pending), timeout = PATIENCE_SECONDS.seconds, returnWhen = FIRST_EXCEPTION)
            opener.join()
            done shouldBe setOf(f.finished, f.cancelled, f.pending)
            notDone shouldBe emptySet()
        }
    }

    test("ALL_COMPLETED waits for every future") {
        withFutures { f ->
            val opener = Thread { f.gate.open() }
            opener.start()
            val (done, notDone) = wait(listOf(f.finished, f.failed, f.cancelled, f.pending), returnWhen = ALL_COMPLETED)
            opener.join()
            done shouldBe setOf(f.finished, f.failed, f.cancelled, f.pending)
            notDone shouldBe emptySet()
        }
    }

    test("a timeout is not an error: the futures still running are not done (on virtual time)") {
        withFutures { f ->
            runTest {
                val (done, notDone) = wait(listOf(f.finished, f.failed, f.pending), timeout = 6.seconds)
                done shouldBe setOf(f.finished, f.failed)
                notDone shouldBe setOf(f.pending)
                currentTime shouldBe 6_000
            }
            val javaView = waitBlocking(listOf(f.pending), java.time.Duration.ofMillis(10), FIRST_COMPLETED)
            javaView.notDone shouldBe setOf(f.pending)
        }
    }

    test("no futures: returns at once; a negative timeout is refused") {
        runTest {
            wait(emptyList<Future<Int>>()) shouldBe DoneAndNotDone(emptySet(), emptySet())
        }
        shouldThrow<IllegalArgumentException> { wait(emptyList<Future<Int>>(), timeout = (-1).seconds) }.message shouldStartWith
            "'timeout' must be a non-negative number"
    }
})

/** The futures of a [WaitSpec] or [AsCompletedSpec] case, one in each state. */
class Futures4(
    val finished: Future<Int>,
    val failed: Future<Int>,
    val cancelled: Future<Int>,
    val pending: Future<Int>,
    val gate: Gate,
)
