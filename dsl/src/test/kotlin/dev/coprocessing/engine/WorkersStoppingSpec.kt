package dev.coprocessing.engine

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.CancelledError
import dev.coprocessing.activeChildren
import dev.coprocessing.futures.Future
import dev.coprocessing.futures.Gate
import dev.coprocessing.futures.PATIENCE_SECONDS
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.futures.awaitLatch
import dev.coprocessing.futures.captureStderr
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.pool.bounded
import dev.coprocessing.pool.eventually
import dev.coprocessing.process.Process
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/** CPython's semantics where workers stop, the same for `Pool` and both executors, which share one engine. */
class WorkersStoppingSpec : FunSpec({
    for ((how, signal) in listOf("terminated" to -15, "killed" to -9)) {
        test("a ProcessPoolExecutor worker $how from outside breaks the executor (CPython's test_killed_child)") {
            multiprocessing {
                val ex = ProcessPoolExecutor(2)
                val started = CountDownLatch(1)
                val running = ex.submit { started.countDown(); awaitCancellation() }
                val queued = (0 until 3).map { ex.submit { awaitCancellation() } }
                awaitLatch(started, "the task to start")
                val worker: Process = activeChildren().first { it.name.startsWith("SpawnProcess-") }
                if (signal == -15) worker.terminate() else worker.kill()

                val e = shouldThrow<BrokenProcessPool> { running.result(PATIENCE_SECONDS.seconds) }
                e.message!! shouldContain "abruptly"
                queued.forEach { shouldThrow<BrokenProcessPool> { it.result(PATIENCE_SECONDS.seconds) } }
                shouldThrow<BrokenProcessPool> { ex.submit { 1 } }
                // test_shutdown_deadlock: shutdown(wait = true) of a broken executor returns.
                withTimeout(PATIENCE_SECONDS.seconds) { ex.shutdown(wait = true) }
                worker.exitCode shouldBe signal
                activeChildren().none { it.name.startsWith("SpawnProcess-") } shouldBe true
            }
        }
    }

    test("a Pool worker terminated from outside fails only its task; the pool replaces it and goes on") {
        multiprocessing {
            val pool = Pool(1)
            val started = CompletableDeferred<Process>()
            val running = pool.applyAsync { started.complete(dev.coprocessing.currentProcess()); awaitCancellation() }
            val worker = withTimeout(PATIENCE_SECONDS.seconds) { started.await() }
            worker.terminate()
            val e = shouldThrow<CancelledError> { running.get(PATIENCE_SECONDS.seconds) }
            e.message!! shouldContain "terminated"
            withTimeout(PATIENCE_SECONDS.seconds) { pool.apply { dev.coprocessing.currentProcess() } }.let { it === worker } shouldBe false
            worker.exitCode shouldBe -15
            pool.close()
            withTimeout(PATIENCE_SECONDS.seconds) { pool.join() }
        }
    }

    test("Pool.terminate() stops a Kotlin task blocked in Thread.sleep, and join() returns") {
        bounded {
            val pool = Pool(1)
            val started = CountDownLatch(1)
            val r = pool.applyAsync { started.countDown(); Thread.sleep(TimeUnit.MINUTES.toMillis(10)); "never" }
            awaitLatch(started, "the task to start")
            pool.terminate()
            pool.join()
            shouldThrow<CancelledError> { r.get() }
            pool.liveWorkers() shouldHaveSize 0
        }
    }

    test("shutdown(wait = true, cancelFutures = true) with 40 000 queued tasks returns, and they are cancelled") {
        bounded {
            val ex = ThreadPoolExecutor(1)
            val gate = Gate()
            val running = ex.submit(Callable { gate.pass() })
            gate.awaitArrival()
            val queued: List<Future<Int>> = (0 until 40_000).map { ex.submit { it } }
            val shutdown = async(Dispatchers.Default) { ex.shutdown(wait = true, cancelFutures = true) }
            eventually("shutdown() to cancel the queued tasks") { queued.all { it.cancelled() } }
            gate.open()
            shutdown.await()
            running.done() shouldBe true
            ex.pool.isTerminated shouldBe true
        }
    }

    test("shutdown() called from a done callback does not wait for itself") {
        bounded {
            val ex = ProcessPoolExecutor(1)
            val returned = CompletableDeferred<Unit>()
            val f = ex.submit { 42 }
            f.addDoneCallback { ex.shutdown(wait = true); returned.complete(Unit) }
            returned.await()
            ex.shutdown()
            f.result() shouldBe 42
        }
    }

    test("a Java done callback that shuts its executor down does not wait for itself either") {
        val ex = ThreadPoolExecutor(1)
        val returned = CountDownLatch(1)
        val f = ex.submit(Callable { 42 })
        f.addDoneCallback(java.util.function.Consumer { ex.shutdownBlocking(); returned.countDown() })
        awaitLatch(returned, "the callback's shutdown() to return")
        ex.shutdownBlocking()
        f.resultBlocking() shouldBe 42
    }

    for (ordered in listOf(true, false)) {
        val name = if (ordered) "imap" else "imapUnordered"
        test("$name whose input throws at item k delivers the results before k, then the error") {
            bounded {
                val pool = Pool(2)
                val input = sequence {
                    for (i in 0 until 20) yield(i)
                    throw IllegalStateException("input broke at 20")
                }.asIterable()
                val got = ArrayList<Int>()
                var error: Throwable? = null
                val flow = if (ordered) pool.imap(input, chunksize = 3) { it * 10 } else pool.imapUnordered(input, chunksize = 3) { it * 10 }
                flow.catch { error = it }.toList(got)
                got.sorted() shouldBe (0 until 20).map { it * 10 }
                if (ordered) got shouldBe (0 until 20).map { it * 10 }
                error!!.message shouldBe "input broke at 20"

                val javaGot = ArrayList<Int>()
                val iterator = if (ordered) pool.imapBlocking(input, 3) { it * 10 } else pool.imapUnorderedBlocking(input, 3) { it * 10 }
                val javaError = shouldThrow<IllegalStateException> { iterator.forEachRemaining { javaGot += it } }
                javaGot.sorted() shouldBe (0 until 20).map { it * 10 }
                javaError.message shouldBe "input broke at 20"
                pool.close()
                pool.join()
            }
        }
    }

    test("an executor's map with chunksize = Int.MAX_VALUE on 3 items works") {
        bounded {
            ProcessPoolExecutor(2).use { ex ->
                ex.map(listOf(1, 2, 3), chunksize = Int.MAX_VALUE) { it * 2 }.toList() shouldBe listOf(2, 4, 6)
            }
        }
    }

    test("ThreadPoolExecutor(maxWorkers = 100 000) serving one task at a time keeps one thread") {
        ThreadPoolExecutor(100_000, threadNamePrefix = "one-at-a-time").use { ex ->
            val threads = (0 until 200).map { ex.submit(Callable { Thread.currentThread() }).resultBlocking() }.toSet()
            threads shouldHaveSize 1
        }
    }

    test("asExecutorService().awaitTermination(0, ...) on a terminated executor returns true") {
        val ex = ThreadPoolExecutor(1)
        ex.submit(Callable { 1 }).resultBlocking()
        ex.shutdownBlocking()
        ex.asExecutorService().awaitTermination(0, TimeUnit.SECONDS) shouldBe true
    }
})
