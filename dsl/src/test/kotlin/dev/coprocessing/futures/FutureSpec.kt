@file:OptIn(kotlinx.coroutines.ExperimentalCoroutinesApi::class)

package dev.coprocessing.futures

import dev.coprocessing.CancelledError
import dev.coprocessing.InvalidStateError
import dev.coprocessing.TimeoutError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections
import java.util.concurrent.CancellationException
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.function.Consumer
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

/** Future's states, results and callbacks, modelled on CPython's test_concurrent_futures/test_future.py. */
class FutureSpec : FunSpec({

    /** Runs [block] with a one-worker executor whose worker is held at [gate] until the block ends. */
    suspend fun withBusyWorker(block: suspend (ex: ThreadPoolExecutor, running: Future<String>, gate: Gate) -> Unit) {
        val gate = Gate()
        val ex = ThreadPoolExecutor(1)
        try {
            val running = ex.submit { gate.pass(); "released" }
            gate.awaitArrival()
            block(ex, running, gate)
        } finally {
            gate.open()
            ex.shutdown()
        }
    }

    context("states, as test_future.py checks them") {
        test("pending, running, cancelled, finished: done(), running(), cancelled() and cancel()") {
            withBusyWorker { ex, running, gate ->
                val pending = ex.submit { 1 }
                val toCancel = ex.submit { 2 }
                pending.done() shouldBe false
                pending.running() shouldBe false
                pending.cancelled() shouldBe false
                running.running() shouldBe true
                running.done() shouldBe false

                toCancel.cancel() shouldBe true
                toCancel.cancelled() shouldBe true
                toCancel.done() shouldBe true
                toCancel.running() shouldBe false
                toCancel.cancel() shouldBe true          // cancelling twice is fine

                running.cancel() shouldBe false          // false once running
                running.running() shouldBe true

                gate.open()
                running.result() shouldBe "released"
                pending.result() shouldBe 1
                pending.cancel() shouldBe false          // false once finished
                pending.done() shouldBe true
                pending.cancelled() shouldBe false
                shouldThrow<CancelledError> { toCancel.result() }
            }
        }

        test("toString reads like CPython's repr in every state") {
            withBusyWorker { ex, running, gate ->
                val pending = ex.submit { 42 }
                val cancelled = ex.submit { 0 }.also { it.cancel() }
                val failing = ex.submit { throw java.io.IOException("disk") }
                pending.toString() shouldMatch Regex("<Future at 0x[0-9a-f]+ state=pending>")
                running.toString() shouldMatch Regex("<Future at 0x[0-9a-f]+ state=running>")
                cancelled.toString() shouldMatch Regex("<Future at 0x[0-9a-f]+ state=cancelled>")
                gate.open()
                pending.result()
                failing.exception()
                pending.toString() shouldMatch Regex("<Future at 0x[0-9a-f]+ state=finished returned Int>")
                failing.toString() shouldMatch Regex("<Future at 0x[0-9a-f]+ state=finished raised IOException>")
                ex.submit { null }.also { it.result() }.toString() shouldMatch
                    Regex("<Future at 0x[0-9a-f]+ state=finished returned null>")
            }
        }

        test("setting a done future's outcome again throws InvalidStateError, as CPython's set_result does") {
            ThreadPoolExecutor(1).use { ex ->
                val f = ex.submit { 1 } as FutureState<Int>
                f.resultBlocking() shouldBe 1
                val e = shouldThrow<InvalidStateError> { f.setResult(2) }
                e.message!! shouldMatch Regex("FINISHED: <Future at 0x[0-9a-f]+ state=finished returned Int>")
                shouldThrow<InvalidStateError> { f.setException(RuntimeException()) }
                f.resultBlocking() shouldBe 1
            }
        }
    }

    context("result and exception") {
        test("result(timeout) of a pending or running future throws TimeoutError, on virtual time") {
            withBusyWorker { ex, running, _ ->
                val pending = ex.submit { 1 }
                runTest {
                    shouldThrow<TimeoutError> { pending.result(timeout = 5.seconds) }.message!! shouldStartWith "result() not ready within 5s"
                    shouldThrow<TimeoutError> { running.exception(timeout = 5.seconds) }
                    shouldThrow<TimeoutError> { running.result(timeout = 0.seconds) }
                    currentTime shouldBe 10_000
                }
                shouldThrow<TimeoutError> { pending.resultBlocking(0.01) }
                shouldThrow<TimeoutError> { pending.exceptionBlocking(java.time.Duration.ofMillis(10)) }
            }
        }

        test("waiting with a timeout again and again leaves no waiter behind, and the last waiter still wakes") {
            withBusyWorker { ex, running, gate ->
                val pending = ex.submit { "later" }
                runTest {
                    repeat(1000) { shouldThrow<TimeoutError> { pending.result(timeout = 1.milliseconds) } }
                }
                repeat(20) { shouldThrow<TimeoutError> { running.resultBlocking(0.001) } }
                pending.waiterEntries() shouldBe 0
                running.waiterEntries() shouldBe 0
                val later = pending.asCompletableFuture()
                pending.waiterEntries() shouldBe 1
                gate.open()
                later.get(10, TimeUnit.SECONDS) shouldBe "later"
            }
        }

        test("result of a cancelled future throws CancelledError, which is not a CancellationException") {
            withBusyWorker { ex, _, _ ->
                val f = ex.submit { 1 }
                f.cancel() shouldBe true
                val e = shouldThrow<CancelledError> { f.result(timeout = 0.seconds) }
                ((e as Throwable) is CancellationException) shouldBe false
                shouldThrow<CancelledError> { f.exception() }
                shouldThrow<CancelledError> { f.resultBlocking() }
            }
        }

        test("a waiter wakes with CancelledError when the future is cancelled meanwhile") {
            withBusyWorker { ex, _, _ ->
                val f = ex.submit { 1 }
                val errors = Collections.synchronizedList(mutableListOf<Throwable>())
                val waiter = Thread { errors += runCatching { f.resultBlocking(10.0) }.exceptionOrNull()!! }
                waiter.start()
                // The waiter may start waiting before or after the cancel: either way it sees CancelledError.
                f.cancel() shouldBe true
                waiter.join(PATIENCE_SECONDS * 1000)
                errors.single().shouldBeInstanceOf<CancelledError>()
            }
        }

        test("result rethrows the task's own exception; exception() returns it; a successful task has none") {
            ThreadPoolExecutor(2).use { ex ->
                val boom = IllegalStateException("boom")
                val failing = ex.submit { throw boom }
                shouldThrow<IllegalStateException> { failing.result() } shouldBeSameInstanceAs boom
                failing.exception() shouldBeSameInstanceAs boom
                ex.submit { 5 }.exception(timeout = 5.seconds).shouldBeNull()
            }
        }

        test("a task that fails with kotlinx's TimeoutCancellationException reports a TimeoutError, not a cancellation") {
            ThreadPoolExecutor(1).use { ex ->
                val f = ex.submit { withTimeout(1.milliseconds) { delay(10.seconds) } }
                val e = shouldThrow<TimeoutError> { f.result() }
                ((e as Throwable) is CancellationException) shouldBe false
                (e.cause is CancellationException) shouldBe true
            }
        }

        test("result wakes as soon as the task finishes") {
            withBusyWorker { _, running, gate ->
                val opener = Thread { gate.open() }
                opener.start()
                running.result(timeout = PATIENCE_SECONDS.seconds) shouldBe "released"
                opener.join()
            }
        }
    }

    context("done callbacks, as test_future.py checks them") {
        test("a callback sees the result, the exception, or the cancellation") {
            withBusyWorker { ex, _, gate ->
                val seen = Collections.synchronizedList(mutableListOf<String>())
                val ok = ex.submit { 5 }
                val bad = ex.submit { throw Exception("test") }
                val cancelled = ex.submit { 0 }
                ok.addDoneCallback { seen += "result ${it.result()}" }
                bad.addDoneCallback { seen += "exception ${it.exception()?.message}" }
                cancelled.addDoneCallback { seen += "cancelled ${it.cancelled()}" }
                cancelled.cancel() shouldBe true
                seen shouldContainExactly listOf("cancelled true")   // in the caller of cancel(), at once
                gate.open()
                ok.result(); bad.exception()
                ex.shutdown()                                       // waits for the callbacks too
                seen.toSet() shouldBe setOf("cancelled true", "result 5", "exception test")
            }
        }

        test("on a done future a callback runs at once, in the caller, before addDoneCallback returns") {
            ThreadPoolExecutor(1).use { ex ->
                val f = ex.submit { 5 }
                f.result() shouldBe 5
                val caller = Thread.currentThread()
                var ranIn: Thread? = null
                f.addDoneCallback { ranIn = Thread.currentThread() }
                ranIn shouldBe caller
                var javaRanIn: Thread? = null
                f.addDoneCallback(Consumer { javaRanIn = Thread.currentThread() })
                javaRanIn shouldBe caller
            }
        }

        test("callbacks run in the order they were added") {
            withBusyWorker { ex, _, gate ->
                val order = Collections.synchronizedList(mutableListOf<Int>())
                val f = ex.submit { 0 }
                f.addDoneCallback { order += 1 }
                f.addDoneCallback(Consumer { order += 2 })
                f.addDoneCallback { delay(1); order += 3 }
                f.addDoneCallback { order += 4 }
                gate.open()
                f.result()
                ex.shutdown()
                order shouldContainExactly listOf(1, 2, 3, 4)
            }
        }

        test("a throwing callback is reported on stderr and the others still run") {
            val ran = Collections.synchronizedList(mutableListOf<String>())
            val err = captureStderr {
                withBusyWorker { ex, _, gate ->
                    val f = ex.submit { 5 }
                    f.addDoneCallback { ran += "raising"; throw Exception("doh!") }
                    f.addDoneCallback { ran += "fine" }
                    gate.open()
                    f.result()
                    ex.shutdown()
                    // Already done: the raising callback runs at once and is reported too.
                    f.addDoneCallback(Consumer { throw IllegalStateException("doh again!") })
                }
            }
            ran shouldContainExactly listOf("raising", "fine")
            err shouldContain "exception calling callback for <Future at 0x"
            err shouldContain "doh!"
            err shouldContain "doh again!"
        }
    }

    context("adapters") {
        test("await, asDeferred and asCompletableFuture carry the value, the exception and the cancellation") {
            withBusyWorker { ex, _, gate ->
                val ok = ex.submit { 6 * 7 }
                val bad = ex.submit { error("bad") }
                val cancelled = ex.submit { 0 }
                val deferreds = listOf(ok.asDeferred(), bad.asDeferred(), cancelled.asDeferred())
                val completables = listOf(ok.asCompletableFuture(), bad.asCompletableFuture(), cancelled.asCompletableFuture())
                cancelled.cancel()
                gate.open()
                ok.await() shouldBe 42
                deferreds[0].await() shouldBe 42
                shouldThrow<IllegalStateException> { deferreds[1].await() }.message shouldBe "bad"
                shouldThrow<CancelledError> { deferreds[2].await() }
                shouldThrow<IllegalStateException> { listOf(deferreds[0], deferreds[1]).awaitAll() }
                completables[0].get(PATIENCE_SECONDS, TimeUnit.SECONDS) shouldBe 42
                shouldThrow<ExecutionException> { completables[1].get(PATIENCE_SECONDS, TimeUnit.SECONDS) }
                    .cause.shouldBeInstanceOf<IllegalStateException>()
                shouldThrow<ExecutionException> { completables[2].get(PATIENCE_SECONDS, TimeUnit.SECONDS) }
                    .cause.shouldBeInstanceOf<CancelledError>()
                completables[2].isCancelled shouldBe false
            }
        }

        test("cancelling the CompletableFuture or the Deferred cancels a pending future") {
            withBusyWorker { ex, _, _ ->
                val viaCf = ex.submit { 1 }
                viaCf.asCompletableFuture().cancel(false) shouldBe true
                viaCf.cancelled() shouldBe true
                val viaDeferred = ex.submit { 2 }
                viaDeferred.asDeferred().cancel()
                viaDeferred.cancelled() shouldBe true
            }
        }
    }

    context("exceptions never vanish") {
        test("an exception nobody retrieved is reported once when the executor shuts down") {
            val err = captureStderr {
                val ex = ThreadPoolExecutor(1)
                val f = ex.submit { throw IllegalArgumentException("nobody looked at me") }
                ex.submit { throw IllegalArgumentException("but I was retrieved") }.exception()
                awaitDoneWithoutRetrieving(f)
                ex.shutdown()
            }
            err shouldContain "never retrieved"
            err shouldContain "nobody looked at me"
            err shouldNotContain "but I was retrieved"
            Regex("nobody looked at me").findAll(err).count() shouldBe 1
        }

        test("an exception nobody retrieved is reported when its future is dropped") {
            ThreadPoolExecutor(1).use { ex ->
                val err = captureStderr {
                    submitAndDrop(ex) { throw IllegalArgumentException("dropped on the floor") }
                    // The future is unreachable now; collection is noticed at the next submit.
                    var reported = false
                    val deadline = System.nanoTime() + PATIENCE_SECONDS * 1_000_000_000
                    while (!reported && System.nanoTime() < deadline) {
                        System.gc()
                        ex.submit { }.result()
                        reported = ex.pool.unretrieved.isEmpty()
                    }
                }
                err shouldContain "its future was dropped"
                err shouldContain "dropped on the floor"
            }
        }
    }
})

/** Waits until [future] is done without retrieving its outcome. */
private fun awaitDoneWithoutRetrieving(future: Future<*>) {
    waitBlocking(listOf(future), java.time.Duration.ofSeconds(PATIENCE_SECONDS))
    check(future.done()) { "future not done after $PATIENCE_SECONDS s" }
}

/** Submits [fn] and waits for it in a frame of its own, so that no reference to the future survives the call. */
private fun submitAndDrop(ex: Executor, fn: suspend () -> Unit) {
    awaitDoneWithoutRetrieving(ex.submit(fn))
}
