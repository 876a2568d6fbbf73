package dev.coprocessing.futures

import dev.coprocessing.BrokenExecutor
import dev.coprocessing.Progress
import dev.coprocessing.TimeoutError
import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList

/**
 * What both executors promise, modelled on CPython's test_concurrent_futures/executor.py and
 * test_shutdown.py, run against each of them.
 */
class ExecutorSpec : FunSpec({

    val kinds: List<Pair<String, (Int) -> Executor>> = listOf(
        "ThreadPoolExecutor" to { n -> ThreadPoolExecutor(n) },
        "ProcessPoolExecutor" to { n -> ProcessPoolExecutor(n) },
    )

    for ((kind, make) in kinds) context(kind) {
        test("submit runs suspend lambdas, Callables and Runnables") {
            make(2).use { ex ->
                ex.submit { 2 * 128 }.result() shouldBe 256
                ex.submit(Callable { "callable" }).result() shouldBe "callable"
                val ran = CountDownLatch(1)
                ex.submit(Runnable { ran.countDown() }).result().shouldBeNull()
                ran.count shouldBe 0
            }
        }

        test("map gives the results in order, with and without chunks") {
            make(3).use { ex ->
                ex.map(0 until 10) { it * it }.toList() shouldContainExactly (0 until 10).map { it * it }
                ex.map(0 until 10, chunksize = 3) { it * it }.toList() shouldContainExactly (0 until 10).map { it * it }
                ex.map(emptyList<Int>()) { it }.toList() shouldBe emptyList()
            }
        }

        test("map rethrows a task's exception at its item, after the results before it") {
            make(2).use { ex ->
                for (chunksize in listOf(1, 2)) {
                    val results = mutableListOf<Int>()
                    shouldThrow<ArithmeticException> {
                        ex.map(listOf(2, 3, 0, 5), chunksize = chunksize) { 6 / it }.collect { results += it }
                    }
                    results shouldContainExactly listOf(3, 2)
                }
            }
        }

        test("map's timeout counts from the call and can expire mid-iteration") {
            val gate = Gate()
            make(3).use { ex ->
                try {
                    val results = mutableListOf<Int>()
                    val e = shouldThrow<TimeoutError> {
                        ex.map(listOf(0, 1, 2), timeout = 3.seconds) { if (it == 2) gate.pass(); it }.collect { results += it }
                    }
                    results shouldContainExactly listOf(0, 1)
                    e.message!! shouldStartWith "map: result 3 was not ready within 3s of the call"
                } finally {
                    gate.open()
                }
            }
        }

        test("map is lazy: the first result comes before the last task ends") {
            val gate = Gate()
            make(2).use { ex ->
                try {
                    val results = ex.map(listOf(0, 1)) { if (it == 1) gate.pass(); it }
                    results.first() shouldBe 0     // item 1 is still held at the gate
                } finally {
                    gate.open()
                }
            }
        }

        test("map with buffersize reads only that many items ahead, even from an infinite input") {
            make(2).use { ex ->
                val pulled = AtomicInteger()
                val input = generateSequence(0) { pulled.incrementAndGet(); it + 1 }
                val squares = ex.map(input, buffersize = 2) { it * it }
                pulled.get() shouldBeLessThanOrEqual 2
                squares.take(5).toList() shouldContainExactly listOf(0, 1, 4, 9, 16)
                pulled.get() shouldBeLessThanOrEqual 7

                val ints = (0 until 4).iterator()
                ex.map(Iterable { ints }, buffersize = 2) { it }
                ints.next() shouldBe 2   // only the first two were read at the call
                shouldThrow<IllegalArgumentException> { ex.map(listOf(1), buffersize = 0) { it } }.message shouldStartWith
                    "buffersize must be null or >= 1"
                shouldThrow<IllegalArgumentException> { ex.map(listOf(1), chunksize = 0) { it } }.message shouldStartWith
                    "chunksize must be >= 1"
            }
        }

        test("map reports progress from the reader, in order, with the total of a collection") {
            make(2).use { ex ->
                val updates = Collections.synchronizedList(mutableListOf<Pair<Long, Long?>>())
                ex.map(0 until 4, progress = Progress { done, total -> updates += done to total }) { it }.toList()
                updates shouldContainExactly listOf(1L to 4L, 2L to 4L, 3L to 4L, 4L to 4L)
                updates.clear()
                ex.map(listOf("a", "b"), chunksize = 2, progress = Progress { done, total -> updates += done to total }) { it }.toList()
                updates shouldContainExactly listOf(1L to 2L, 2L to 2L)
                updates.clear()
                ex.map(sequenceOf(1), progress = Progress { done, total -> updates += done to total }) { it }.toList()
                updates shouldContainExactly listOf(1L to null)
            }
        }

        test("map's flow can be collected once") {
            make(1).use { ex ->
                val flow = ex.map(0 until 3) { it }
                flow.toList() shouldContainExactly listOf(0, 1, 2)
                shouldThrow<IllegalStateException> { flow.toList() }.message shouldStartWith "the results of map can be read only once"
            }
        }

        test("stopping a map early cancels the tasks not yet started") {
            val gate = Gate()
            val started = AtomicInteger()
            make(1).use { ex ->
                try {
                    // The reader stops only once item 1 holds the only worker, so items 2..19 are still pending
                    // then. (Stopping earlier would let the worker race the cancellation from item to item.)
                    val first = ex.map(0 until 20) { started.incrementAndGet(); if (it == 1) gate.pass(); it }
                        .onEach { gate.awaitArrival() }
                        .first()
                    first shouldBe 0
                } finally {
                    gate.open()
                }
            }
            started.get() shouldBe 2
        }

        test("max_workers must be greater than 0") {
            for (n in listOf(0, -1)) {
                shouldThrow<IllegalArgumentException> { make(n) }.message shouldStartWith "max_workers must be greater than 0"
            }
        }

        test("submit and map after shutdown throw") {
            val ex = make(1)
            ex.shutdown()
            shouldThrow<IllegalStateException> { ex.submit { 2 } }.message shouldStartWith "cannot schedule new futures after shutdown"
            shouldThrow<IllegalStateException> { ex.map(listOf(1)) { it } }.message shouldStartWith
                "cannot schedule new futures after shutdown"
            ex.shutdown()   // twice is harmless
        }

        test("shutdown(wait = true) returns once every submitted task has run") {
            val ex = make(2)
            val futures = (0 until 20).map { i -> ex.submit { sleep(0.01); i } }
            ex.shutdown()
            futures.all { it.done() } shouldBe true
            futures.map { it.result() } shouldContainExactly (0 until 20).toList()
        }

        test("shutdown(cancelFutures = true) cancels what has not started; the rest finishes") {
            val gate = Gate()
            val arrived = CountDownLatch(2)
            val ex = make(2)
            val held = (0 until 2).map { ex.submit { arrived.countDown(); gate.pass(); "held" } }
            awaitLatch(arrived, "both workers to be held")
            val futures = (0 until 50).map { ex.submit { sleep(0.01) } }
            ex.shutdown(wait = false, cancelFutures = true)
            gate.open()
            ex.shutdown()
            held.map { it.result() } shouldContainExactly listOf("held", "held")
            futures.count { it.cancelled() } shouldBe 50
        }

        test("shutdown from inside a task does not deadlock") {
            val gate = Gate()
            val arrived = CountDownLatch(2)
            val ex = make(2)
            val f = ex.submit { arrived.countDown(); gate.pass(); ex.shutdown(); "shut down from within" }
            val g = ex.submit(Callable { arrived.countDown(); gate.pass(); ex.shutdownBlocking(); "blocking, from within" })
            awaitLatch(arrived, "both tasks to start")
            gate.open()
            f.result(timeout = PATIENCE_SECONDS.seconds) shouldBe "shut down from within"
            g.result(timeout = PATIENCE_SECONDS.seconds) shouldBe "blocking, from within"
            ex.shutdown()
        }

        test("use { } shuts down and waits, as the with statement does") {
            lateinit var kept: Executor
            make(5).use { ex ->
                kept = ex
                ex.map(-5 until 5) { kotlin.math.abs(it) }.toList() shouldContainExactly listOf(5, 4, 3, 2, 1, 0, 1, 2, 3, 4)
            }
            kept.pool.isTerminated shouldBe true
            shouldThrow<IllegalStateException> { kept.submit { 1 } }
        }

        test("an executor left open when the block that made it ends is shut down there, after its tasks ran") {
            lateinit var ex: Executor
            val ran = AtomicInteger()
            dev.coprocessing.multiprocessing {
                ex = make(2)
                repeat(10) { ex.submit { sleep(0.01); ran.incrementAndGet() } }
            }
            ran.get() shouldBe 10
            ex.pool.isTerminated shouldBe true
            shouldThrow<IllegalStateException> { ex.submit { 1 } }
        }

        test("an executor left open by a process that fails is stopped when the process ends") {
            lateinit var ex: Executor
            lateinit var stuck: Future<Unit>
            val started = CountDownLatch(1)
            dev.coprocessing.multiprocessing {
                val p = dev.coprocessing.process.Process {
                    ex = make(1)
                    stuck = ex.submit(Callable { started.countDown(); CountDownLatch(1).await() })
                    awaitLatch(started, "the task to start")
                    throw IllegalStateException("the process fails with a task still running")
                }
                p.start()
                p.join(timeout = PATIENCE_SECONDS.seconds)
                p.exitCode shouldBe 1
            }
            ex.pool.isTerminated shouldBe true
            shouldThrow<BrokenExecutor> { stuck.result() }.message!! shouldContain "terminated"
        }

        test("a task that throws an Error fails only its own future; the executor goes on") {
            make(1).use { ex ->
                fun recurse(n: Int): Int = recurse(n + 1) + 1
                val overflow = ex.submit(Callable { recurse(0) })
                overflow.exception().shouldBeInstanceOf<StackOverflowError>()
                shouldThrow<StackOverflowError> { overflow.result() }
                ex.submit { "still serving" }.result() shouldBe "still serving"
            }
        }

        test("cancel of a running task returns false and the task completes") {
            val gate = Gate()
            make(1).use { ex ->
                val f = ex.submit { gate.pass(); 7 }
                gate.awaitArrival()
                f.cancel() shouldBe false
                gate.open()
                f.result() shouldBe 7
            }
        }

        test("a failing initializer breaks the executor: pending and later submissions fail with BrokenExecutor") {
            val gate = Gate()
            val err = captureStderr {
                // The initializer waits at the gate, so that all three tasks are submitted before it fails.
                val ex = if (kind == "ThreadPoolExecutor") {
                    ThreadPoolExecutor(1, initializer = { gate.pass(); error("init failed") })
                } else {
                    ProcessPoolExecutor(1, initializer = { gate.pass(); error("init failed") })
                }
                try {
                    val futures = (0 until 3).map { ex.submit { it } }
                    gate.open()
                    futures.forEach { f ->
                        val e = shouldThrow<BrokenExecutor> { f.result(timeout = PATIENCE_SECONDS.seconds) }
                        e.cause!!.message shouldBe "init failed"
                    }
                    val later = shouldThrow<BrokenExecutor> { ex.submit { 1 } }
                    later.message!! shouldContain "initializer failed"
                    if (kind == "ThreadPoolExecutor") later.shouldBeInstanceOf<dev.coprocessing.BrokenThreadPool>()
                    else later.shouldBeInstanceOf<dev.coprocessing.BrokenProcessPool>()
                } finally {
                    gate.open()
                    ex.shutdown()
                }
            }
            err shouldContain "Exception in initializer"
            err shouldContain "init failed"
        }

        test("an initializer runs once in every worker before its first task") {
            val initialized = Collections.synchronizedSet(mutableSetOf<String>())
            val ex = if (kind == "ThreadPoolExecutor") {
                ThreadPoolExecutor(2, initializer = { initialized += Thread.currentThread().name.withoutCoroutineName() })
            } else {
                ProcessPoolExecutor(2, initializer = { initialized += dev.coprocessing.currentProcess().name })
            }
            ex.use {
                val names = (0 until 10)
                    .map { ex.submit { if (kind == "ThreadPoolExecutor") Thread.currentThread().name.withoutCoroutineName() else dev.coprocessing.currentProcess().name } }
                    .map { it.result() }.toSet()
                // Workers start on demand: one may start and be initialized, and then find no task left to take.
                initialized shouldContainAll names
                initialized.size shouldBeLessThanOrEqual 2
            }
        }

        test("terminateWorkers stops running tasks, suspend and blocking, and cancels pending ones") {
            val ex = make(2)
            val blockingStarted = CountDownLatch(1)
            val suspendStarted = CountDownLatch(1)
            val blockingTask = ex.submit(Callable { blockingStarted.countDown(); Thread.sleep(60_000) })
            val suspendTask = ex.submit { suspendStarted.countDown(); sleep(60.0) }
            val pending = ex.submit { 1 }
            awaitLatch(blockingStarted, "the blocking task to start")
            awaitLatch(suspendStarted, "the suspend task to start")
            ex.terminateWorkers()
            ex.shutdown()
            pending.cancelled() shouldBe true
            shouldThrow<BrokenExecutor> { blockingTask.result() }.message!! shouldContain "terminated"
            shouldThrow<BrokenExecutor> { suspendTask.result() }.message!! shouldContain "terminated"
            shouldThrow<IllegalStateException> { ex.submit { 1 } }
        }

        test("asCoroutineDispatcher runs coroutines on the workers") {
            make(1).use { ex ->
                val thread = kotlinx.coroutines.withContext(ex.asCoroutineDispatcher()) { Thread.currentThread() }
                val worker = ex.submit { Thread.currentThread() }.result()
                thread shouldBe worker
            }
        }
    }
})
