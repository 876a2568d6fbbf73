package dev.coprocessing.pool

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.CancelledError
import dev.coprocessing.TimeoutError
import dev.coprocessing.activeChildren
import dev.coprocessing.currentProcess
import dev.coprocessing.internal.DefaultDispatcherGuard
import dev.coprocessing.multiprocessing
import dev.coprocessing.parentProcess
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.awaitCancellation
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

class PoolSpec : FunSpec({

    context("apply and applyAsync") {
        test("apply runs the task on a worker and returns its value") {
            bounded {
                pool(2) {
                    apply { 6 * 7 } shouldBe 42
                    apply { delay(1); "suspends" } shouldBe "suspends"
                }
            }
        }

        test("applyAsync returns at once; get returns the value after close and join, as the seed does") {
            bounded {
                val pool = Pool(3)
                val results = (0 until 10).map { i -> pool.applyAsync { i * i } }
                pool.close()
                pool.join()
                results.map { it.ready() } shouldBe List(10) { true }
                results.map { it.get() } shouldContainExactly (0 until 10).map { it * it }
            }
        }

        test("get rethrows the task's own exception; successful tells the outcome") {
            bounded {
                pool(2) {
                    val boom = IllegalStateException("boom")
                    val r = applyAsync<Int> { throw boom }
                    r.wait()
                    r.ready() shouldBe true
                    r.successful() shouldBe false
                    shouldThrow<IllegalStateException> { r.get() } shouldBeSameInstanceAs boom
                    val ok = applyAsync { 1 }
                    ok.get() shouldBe 1
                    ok.successful() shouldBe true
                }
            }
        }

        test("get with a timeout throws TimeoutError on coroutine time, and a later get still gets the value") {
            runTest {
                val gate = CompletableDeferred<Unit>()
                val pool = Pool(1)
                try {
                    val r = pool.applyAsync { gate.await(); 7 }
                    shouldThrow<TimeoutError> { r.get(timeout = 1.seconds) }
                    currentTime shouldBe 1000 // virtual time: no real second went by
                    r.wait(timeout = 2.seconds)
                    r.ready() shouldBe false
                    gate.complete(Unit)
                    r.get() shouldBe 7
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }

        test("a task that throws an Error (StackOverflowError) fails only its own result; the pool goes on") {
            bounded {
                pool(2) {
                    val r = applyAsync { overflow(0) }
                    shouldThrow<StackOverflowError> { r.get() }
                    shouldThrow<StackOverflowError> { apply { overflow(0) } }
                    apply { "still serving" } shouldBe "still serving"
                    map(0 until 100) { it + 1 }.sum() shouldBe 5050
                }
            }
        }

        test("a CancellationException thrown inside a task is reported as CancelledError, never as cancellation") {
            bounded {
                pool(1) {
                    val e = shouldThrow<CancelledError> { apply { throw CancellationException("given up") } }
                    e.cause.shouldNotBeNull()
                    apply { 1 } shouldBe 1
                }
            }
        }

        test("a withTimeout that runs out inside a task is a TimeoutError, as an executor reports it") {
            bounded {
                pool(1) {
                    val e = shouldThrow<TimeoutError> { apply { withTimeout(10.milliseconds) { awaitCancellation() } } }
                    e.cause.shouldBeInstanceOf<TimeoutCancellationException>()
                    apply { 1 } shouldBe 1
                }
            }
        }

        test("cancelling the caller of apply withdraws a task that has not started") {
            bounded {
                val ran = AtomicInteger()
                pool(1) {
                    val pool = this // inside launch { }, a bare apply { } would be the standard library's
                    val gate = CompletableDeferred<Unit>()
                    val blocker = applyAsync { gate.await() }
                    // Undispatched: the caller has submitted its task and is waiting for it when cancel() comes.
                    val caller = launch(start = CoroutineStart.UNDISPATCHED) { pool.apply { ran.incrementAndGet() } }
                    caller.cancel()
                    caller.join()
                    gate.complete(Unit)
                    blocker.get()
                    apply { ran.get() } shouldBe 0
                }
            }
        }
    }

    context("map, starmap and their async forms") {
        test("map returns the results in input order, for any chunksize") {
            bounded {
                pool(4) {
                    map(0 until 10) { it * it } shouldContainExactly (0 until 10).map { it * it }
                    map((0 until 100).toList(), chunksize = 20) { it * 2 } shouldContainExactly (0 until 100).map { it * 2 }
                    map(0 until 1000, chunksize = 7) { it } shouldContainExactly (0 until 1000).toList()
                    map(listOf(3, 1, 2).asIterable()) { delay(it.toLong()); it } shouldContainExactly listOf(3, 1, 2)
                    map(emptyList<Int>()) { it }.shouldBeEmpty()
                    map(emptyList<Int>(), chunksize = 5) { it }.shouldBeEmpty()
                    map(10 downTo 1 step 3) { it } shouldContainExactly listOf(10, 7, 4, 1)
                    map(generateSequence(1) { if (it < 5) it + 1 else null }.asIterable()) { -it } shouldContainExactly listOf(-1, -2, -3, -4, -5)
                }
            }
        }

        test("map of 100 000 tiny items uses CPython's default chunks: about four per worker") {
            bounded {
                val pool = Pool(2)
                try {
                    pool.map(0 until 100_000) { it.toLong() }.sum() shouldBe 4_999_950_000L
                    pool.liveWorkers().sumOf { it.tasks } shouldBe 8 // ceil(100000 / (2 * 4)) items per chunk
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }

        test("map fails fast with the first exception and skips the chunks not started; the pool goes on") {
            bounded {
                pool(1) {
                    val ran = AtomicInteger()
                    val e = shouldThrow<IllegalArgumentException> {
                        map(0 until 10, chunksize = 1) { ran.incrementAndGet(); require(it != 2) { "bad $it" }; it }
                    }
                    e.message shouldBe "bad 2"
                    ran.get() shouldBe 3
                    map(0 until 3) { it } shouldContainExactly listOf(0, 1, 2)
                }
            }
        }

        test("starmap takes pairs, triples and data classes apart") {
            data class Job(val name: String, val times: Int)
            bounded {
                pool(2) {
                    starmap(listOf(1 to 2, 3 to 4)) { (x, y) -> x + y } shouldContainExactly listOf(3, 7)
                    starmap(listOf(Triple(1, 2, 3))) { (a, b, c) -> a * b * c } shouldContainExactly listOf(6)
                    starmap(listOf(Job("a", 2), Job("b", 3))) { (name, times) -> name.repeat(times) } shouldContainExactly
                        listOf("aa", "bbb")
                    starmapAsync(listOf(2 to 5)) { (x, y) -> x * y }.get() shouldContainExactly listOf(10)
                }
            }
        }

        test("mapAsync calls callback with the whole list, or errorCallback with the first exception") {
            bounded {
                val got = CompletableDeferred<List<Int>>()
                val failed = CompletableDeferred<Throwable>()
                pool(2) {
                    val r = mapAsync(0 until 5, callback = { got.complete(it) }) { it + 1 }
                    r.get() shouldContainExactly listOf(1, 2, 3, 4, 5)
                    got.isCompleted shouldBe true // the callback ran before the result was ready
                    got.await() shouldContainExactly listOf(1, 2, 3, 4, 5)
                    val bad = mapAsync(0 until 5, errorCallback = { failed.complete(it) }) { check(it < 3) { "too big" }; it }
                    shouldThrow<IllegalStateException> { bad.get() }.message shouldBe "too big"
                    failed.await().message shouldBe "too big"
                    val empty = mapAsync(emptyList<Int>(), callback = { got.complete(it) }) { it }
                    empty.get().shouldBeEmpty()
                }
            }
        }

        test("progress hears of every chunk, in increasing order, from one place that is not a worker") {
            bounded {
                val updates = Collections.synchronizedList(mutableListOf<Pair<Long, Long?>>())
                val threads = Collections.synchronizedSet(mutableSetOf<String>())
                pool(3) {
                    map(0 until 100, chunksize = 10, progress = { done, total ->
                        updates += done to total
                        threads += Thread.currentThread().name
                    }) { it }
                }
                updates.map { it.first } shouldContainExactly (1..10).map { it * 10L }
                updates.map { it.second }.toSet() shouldBe setOf(100L)
                threads.size shouldBe 1
                threads.single() shouldMatch Regex("Pool-\\d+-result-handler.*") // debug mode appends the coroutine
            }
        }

        test("a progress listener that throws is reported and does not disturb the map") {
            bounded {
                val err = capturingStderr {
                    pool(2) {
                        map(0 until 10, chunksize = 5, progress = { _, _ -> error("listener broke") }) { it } shouldContainExactly
                            (0 until 10).toList()
                    }
                }
                err shouldContain "listener broke"
            }
        }
    }

    context("imap and imapUnordered") {
        test("imap yields results in input order, as soon as they and those before them are done") {
            bounded {
                pool(2) {
                    imap(0 until 10) { it * it }.toList() shouldContainExactly (0 until 10).map { it * it }
                    imap(0 until 10, chunksize = 3) { it * it }.toList() shouldContainExactly (0 until 10).map { it * it }
                    imap(emptyList<Int>()) { it }.toList().shouldBeEmpty()

                    // Item 1 finishes first, yet item 0 comes first.
                    val oneDone = CompletableDeferred<Unit>()
                    val seen = mutableListOf<Int>()
                    imap(listOf(0, 1)) { if (it == 0) oneDone.await() else oneDone.complete(Unit); it }.collect { seen += it }
                    seen shouldContainExactly listOf(0, 1)
                }
            }
        }

        test("imapUnordered yields results in completion order") {
            bounded {
                pool(2) {
                    val gate = CompletableDeferred<Unit>()
                    val seen = mutableListOf<Int>()
                    imapUnordered(listOf(0, 1)) { if (it == 0) gate.await(); it }.collect {
                        seen += it
                        gate.complete(Unit) // item 0 can only finish after item 1 was received
                    }
                    seen shouldContainExactly listOf(1, 0)
                    imapUnordered(0 until 50, chunksize = 4) { it }.toList() shouldContainExactlyInAnyOrder (0 until 50).toList()
                }
            }
        }

        test("imap reads an endless input lazily; stopping early skips the rest") {
            bounded {
                pool(2) {
                    val pulled = AtomicInteger()
                    val naturals = generateSequence(0) { pulled.incrementAndGet(); it + 1 }.asIterable()
                    imap(naturals) { it * 2 }.take(5).toList() shouldContainExactly listOf(0, 2, 4, 6, 8)
                    pulled.get() shouldBeLessThanOrEqual 5 + 2 * 4 + 1 // the window: four chunks per worker ahead
                }
            }
        }

        test("imap delivers the items before a failing one, then throws its exception") {
            bounded {
                pool(2) {
                    val seen = mutableListOf<Int>()
                    val e = shouldThrow<IllegalStateException> {
                        imap(0 until 10, chunksize = 4) { check(it != 5) { "five" }; it }.collect { seen += it }
                    }
                    e.message shouldBe "five"
                    seen shouldContainExactly listOf(0, 1, 2, 3, 4)
                }
            }
        }

        test("an imap flow is cold, collectable once, and must start while the pool runs") {
            bounded {
                val pool = Pool(2)
                val ran = AtomicInteger()
                val flow = pool.imap(0 until 3) { ran.incrementAndGet(); it }
                ran.get() shouldBe 0 // nothing runs before collection
                flow.toList() shouldContainExactly listOf(0, 1, 2)
                shouldThrow<IllegalStateException> { flow.toList() }.message shouldStartWith "this imap flow was already collected"
                val late = pool.imap(0 until 3) { it }
                pool.close()
                shouldThrow<IllegalStateException> { late.toList() }.message shouldStartWith "Pool not running"
                pool.join()
            }
        }

        test("a pool closed while an imap is collected waits for the collection to end") {
            bounded {
                val pool = Pool(2)
                val seen = pool.imap(0 until 20, chunksize = 2) { it }.let { flow ->
                    val out = mutableListOf<Int>()
                    flow.collect {
                        if (it == 0) pool.close()
                        out += it
                    }
                    out
                }
                seen shouldContainExactly (0 until 20).toList()
                pool.join()
            }
        }
    }

    context("callbacks") {
        test("callbacks run in the owner process, on the result handler thread, before the result is ready") {
            bounded {
                multiprocessing {
                    val where = CompletableDeferred<Triple<String, String, String>>()
                    val taskIn = CompletableDeferred<String>()
                    pool(2) {
                        val r = applyAsync(callback = { v: Int ->
                            where.complete(Triple(currentProcess().name, Thread.currentThread().name, "got $v"))
                        }) {
                            taskIn.complete(currentProcess().name)
                            10 * 10
                        }
                        r.get() shouldBe 100
                        where.isCompleted shouldBe true
                    }
                    val (process, thread, value) = where.await()
                    process shouldBe "MainProcess"
                    thread shouldMatch Regex("Pool-\\d+-result-handler.*") // debug mode appends the coroutine
                    value shouldBe "got 100"
                    taskIn.await() shouldMatch Regex("SpawnPoolWorker-\\d+")
                }
            }
        }

        test("callbacks run one at a time, in completion order") {
            bounded {
                val running = AtomicInteger()
                val maxRunning = AtomicInteger()
                val order = Collections.synchronizedList(mutableListOf<Int>())
                pool(4) {
                    val results = (0 until 40).map { i ->
                        applyAsync(callback = { v: Int ->
                            maxRunning.accumulateAndGet(running.incrementAndGet(), ::maxOf)
                            delay(1)
                            order += v
                            running.decrementAndGet()
                        }) { i }
                    }
                    results.forEach { it.get() }
                }
                maxRunning.get() shouldBe 1
                order shouldContainExactlyInAnyOrder (0 until 40).toList()
            }
        }

        test("a callback that throws fails only its own result, with its exception; the pool goes on") {
            bounded {
                pool(2) {
                    val broken = applyAsync(callback = { _: Int -> error("callback broke") }) { 1 }
                    shouldThrow<IllegalStateException> { broken.get() }.message shouldBe "callback broke"
                    applyAsync(callback = { _: Int -> }) { 2 }.get() shouldBe 2
                    apply { 3 } shouldBe 3
                }
            }
        }

        test("an errorCallback that throws leaves the task's exception, with its own attached as suppressed") {
            bounded {
                pool(2) {
                    val boom = IllegalArgumentException("task failed")
                    val r = applyAsync<Int>(errorCallback = { error("errorCallback broke") }) { throw boom }
                    val thrown = shouldThrow<IllegalArgumentException> { r.get() }
                    thrown shouldBeSameInstanceAs boom
                    thrown.suppressed.map { it.message } shouldContainExactly listOf("errorCallback broke")

                    val m = mapAsync(0 until 3, errorCallback = { error("map errorCallback broke") }) {
                        check(it != 1) { "item 1 failed" }
                        it
                    }
                    val mapThrown = shouldThrow<IllegalStateException> { m.get() }
                    mapThrown.message shouldBe "item 1 failed"
                    mapThrown.suppressed.map { it.message } shouldContainExactly listOf("map errorCallback broke")

                    apply { 3 } shouldBe 3 // the pool goes on
                }
            }
        }

        test("errorCallback gets the task's exception, which then is not reported again") {
            bounded {
                val got = CompletableDeferred<Throwable>()
                val err = capturingStderr {
                    pool(2) {
                        val r = applyAsync<Int>(errorCallback = { got.complete(it) }) { throw IllegalArgumentException("handled") }
                        r.wait()
                        r.successful() shouldBe false
                    }
                }
                got.await().message shouldBe "handled"
                err shouldNotContain "handled"
            }
        }
    }

    context("exceptions that no one retrieves") {
        test("are reported once on stderr when the pool shuts down") {
            bounded {
                val err = capturingStderr {
                    pool(2) {
                        applyAsync<Int> { throw IllegalStateException("nobody asked for me") }
                        mapAsync(0 until 3) { check(it != 1) { "map failure nobody asked for" } }
                        val retrieved = applyAsync<Int> { throw IllegalStateException("retrieved one") }
                        shouldThrow<IllegalStateException> { retrieved.get() }
                    }
                }
                Regex("nobody asked for me").findAll(err).count() shouldBe 1
                err shouldContain "map failure nobody asked for"
                err shouldContain "never retrieved before <Pool"
                err shouldNotContain "retrieved one"
            }
        }

        test("are reported when their result is dropped, while the pool still runs") {
            bounded {
                val pool = Pool(1)
                try {
                    val err = capturingStderr { printed ->
                        dropAFailedResult(pool)
                        val deadline = System.nanoTime() + 10_000_000_000L
                        while (System.nanoTime() < deadline && !printed.toString(Charsets.UTF_8).contains("dropped on the floor")) {
                            System.gc()
                            pool.apply { } // the pool looks for dropped results on its own activity
                            delay(10)
                        }
                    }
                    err shouldContain "dropped on the floor"
                    err shouldContain "before its AsyncResult was dropped"
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }
    }

    context("workers") {
        test("a task runs as its worker: SpawnPoolWorker-N with its own pid, a child of the pool's owner") {
            bounded {
                multiprocessing {
                    val main = currentProcess()
                    val seen = Collections.synchronizedList(mutableListOf<Triple<String, Long?, Long?>>())
                    pool(3) {
                        map(0 until 30, chunksize = 1) {
                            seen += Triple(currentProcess().name, currentProcess().pid, parentProcess()?.pid)
                            delay(1)
                        }
                    }
                    seen.forEach { (name, pid, ppid) ->
                        name shouldMatch Regex("SpawnPoolWorker-\\d+")
                        pid.shouldNotBeNull()
                        (pid != main.pid) shouldBe true
                        ppid shouldBe main.pid
                    }
                    // A few workers serve every task, each with one pid.
                    seen.map { it.first }.toSet().size shouldBeLessThanOrEqual 3
                    seen.groupBy { it.first }.values.forEach { byWorker -> byWorker.map { it.second }.toSet().size shouldBe 1 }
                }
            }
        }

        test("activeChildren() lists the pool's workers while they live, as CPython's does") {
            bounded {
                multiprocessing {
                    val pool = Pool(2)
                    // The workers are children from the constructor on; each loop registers its worker a moment later.
                    eventually("both workers to start") { activeChildren().size == 2 && pool.liveWorkers().size == 2 }
                    val workers = activeChildren()
                    workers.forEach { it.name shouldMatch Regex("SpawnPoolWorker-\\d+"); it.daemon shouldBe true }
                    pool.liveWorkers().map { it.process }.toSet() shouldBe workers.toSet()
                    pool.close()
                    pool.join()
                    activeChildren().shouldBeEmpty()
                }
            }
        }

        test("the initializer runs once per worker, as that worker, before its first task") {
            bounded {
                val initialized = Collections.synchronizedList(mutableListOf<String>())
                val servedBy = Collections.synchronizedSet(mutableSetOf<String>())
                pool(2, initializer = { initialized += currentProcess().name }) {
                    map(0 until 20, chunksize = 1) { servedBy += currentProcess().name; it }
                }
                initialized.size shouldBe 2
                initialized.toSet().size shouldBe 2
                initialized.toSet().containsAll(servedBy) shouldBe true
            }
        }

        test("maxtasksperchild retires a worker after that many tasks; its replacement is new and initialized again") {
            bounded {
                val initialized = Collections.synchronizedList(mutableListOf<String>())
                val servedBy = Collections.synchronizedList(mutableListOf<String>())
                val pool = Pool(2, initializer = { initialized += currentProcess().name }, maxtasksperchild = 3)
                try {
                    repeat(20) { pool.apply { servedBy += currentProcess().name } }
                    pool.liveWorkers().forEach { it.tasks shouldBeLessThanOrEqual 3 }
                } finally {
                    pool.close()
                    pool.join()
                }
                val counts = servedBy.groupingBy { it }.eachCount()
                counts.values.forEach { it shouldBeLessThanOrEqual 3 }
                counts.size shouldBeGreaterThan 6 // 20 tasks, at most 3 each
                initialized.size shouldBe initialized.toSet().size
                initialized.toSet().containsAll(counts.keys) shouldBe true
            }
        }

        test("a worker's task count is observable, and a retired worker ends with exit code 0") {
            bounded {
                val workers = Collections.synchronizedList(mutableListOf<dev.coprocessing.process.Process>())
                val pool = Pool(1, maxtasksperchild = 2)
                try {
                    pool.apply { workers += currentProcess() }
                    pool.liveWorkers().single().tasks shouldBe 1
                    pool.apply { workers += currentProcess() }
                    pool.apply { workers += currentProcess() }
                    workers[0] shouldBeSameInstanceAs workers[1]
                    (workers[2] === workers[0]) shouldBe false
                    pool.liveWorkers().single().tasks shouldBe 1
                    eventually("the retired worker to end") { !workers[0].isAlive() }
                    workers[0].exitCode shouldBe 0
                    workers[2].isAlive() shouldBe true
                } finally {
                    pool.close()
                    pool.join()
                }
                workers[2].isAlive() shouldBe false
                workers[2].exitCode shouldBe 0
            }
        }

        test("a failing initializer breaks the pool: pending and later submissions fail with BrokenProcessPool") {
            bounded {
                lateinit var pool: Pool
                try {
                    val err = capturingStderr {
                        val gate = CompletableDeferred<Unit>()
                        pool = Pool(1, initializer = { gate.await(); error("no database") })
                        val r = pool.applyAsync { 1 } // pending: the initializer has not failed yet
                        gate.complete(Unit)
                        shouldThrow<BrokenProcessPool> { r.get() }.cause!!.message shouldBe "no database"
                    }
                    err shouldContain "Exception in initializer of SpawnPoolWorker-"
                    err shouldContain "no database"
                    shouldThrow<BrokenProcessPool> { pool.applyAsync { 2 } }
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }

        test("Kotlin and Java tasks run on the pool's own threads, never on Dispatchers.Default") {
            bounded {
                pool(2) {
                    val (kotlinThread, onDefault) = apply {
                        Thread.currentThread() to DefaultDispatcherGuard.isDefaultDispatcher(currentCoroutineContext())
                    }
                    onDefault shouldBe false
                    val javaThread = applyAsync(Callable { Thread.currentThread() }).get()
                    for (thread in listOf(kotlinThread, javaThread)) {
                        thread.name shouldMatch Regex("SpawnPoolWorker-\\d+( @.*)?")
                    }
                }
            }
        }

        test("a suspended Kotlin task parks its worker's thread: it burns no CPU while it waits") {
            bounded {
                val pool = Pool(1)
                try {
                    val suspended = CompletableDeferred<Thread>()
                    val gate = CompletableDeferred<Unit>()
                    val r = pool.applyAsync { suspended.complete(Thread.currentThread()); gate.await(); "resumed" }
                    val thread = suspended.await()
                    eventually("the worker's thread to park while the task is suspended") {
                        thread.state in setOf(Thread.State.WAITING, Thread.State.TIMED_WAITING) &&
                            thread.stackTrace.any { it.className.startsWith("kotlinx.coroutines.BlockingCoroutine") }
                    }
                    r.ready() shouldBe false
                    gate.complete(Unit)
                    r.get() shouldBe "resumed"
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }
    }

    context("close, terminate and join") {
        test("terminate stops running tasks, suspend and blocking, and fails every pending result at once") {
            bounded {
                multiprocessing {
                    val pool = Pool(2)
                    val started = CountDownLatch(2)
                    val workers = Collections.synchronizedList(mutableListOf<dev.coprocessing.process.Process>())
                    val suspending = pool.applyAsync { workers += currentProcess(); started.countDown(); awaitCancellation() }
                    val blocking = pool.applyAsync(Callable { workers += currentProcess(); started.countDown(); Thread.sleep(60_000) })
                    val queued = pool.applyAsync { "never runs" }
                    val mapped = pool.mapAsync(0 until 10) { it }
                    started.await(10, TimeUnit.SECONDS) shouldBe true
                    pool.terminate()
                    for (r in listOf(suspending, blocking, queued, mapped)) {
                        r.ready() shouldBe true
                        shouldThrow<CancelledError> { r.get() }
                    }
                    pool.join()
                    workers.forEach {
                        it.isAlive() shouldBe false
                        it.exitCode shouldBe -15
                    }
                    shouldThrow<IllegalStateException> { pool.apply { 1 } }.message shouldStartWith "Pool not running"
                }
            }
        }

        test("close lets queued work finish, with its callbacks, before join returns") {
            bounded {
                val calledBack = AtomicInteger()
                val pool = Pool(2)
                val results = (0 until 20).map { i -> pool.applyAsync(callback = { _: Int -> calledBack.incrementAndGet() }) { delay(1); i } }
                pool.close()
                pool.join()
                calledBack.get() shouldBe 20
                results.all { it.ready() } shouldBe true
            }
        }

        test("the pool { } block closes and joins at its end, and terminates when it throws") {
            bounded {
                val late = pool(2) { applyAsync { delay(20); "done" } }
                late.ready() shouldBe true
                late.get() shouldBe "done"

                lateinit var running: AsyncResult<Unit>
                val entered = CompletableDeferred<Unit>()
                shouldThrow<IllegalArgumentException> {
                    pool(2) {
                        running = applyAsync { entered.complete(Unit); awaitCancellation() }
                        entered.await()
                        throw IllegalArgumentException("block failed")
                    }
                }
                running.ready() shouldBe true
                shouldThrow<CancelledError> { running.get() }
            }
        }

        test("a pool left running when the block or process that made it ends is terminated and waited for there") {
            bounded {
                for (inChild in listOf(false, true)) {
                    lateinit var pool: Pool
                    lateinit var running: AsyncResult<Unit>
                    val body: suspend () -> Unit = {
                        pool = Pool(2)
                        val started = CompletableDeferred<Unit>()
                        running = pool.applyAsync { started.complete(Unit); awaitCancellation() }
                        started.await()
                    }
                    multiprocessing {
                        if (inChild) {
                            val p = dev.coprocessing.process.Process { body() }
                            p.start()
                            p.join()
                            p.exitCode shouldBe 0
                        } else {
                            body()
                        }
                    }
                    pool.toString() shouldBe "<Pool state=TERMINATE pool_size=2>"
                    running.ready() shouldBe true
                    shouldThrow<CancelledError> { running.get() }
                    pool.liveWorkers().shouldBeEmpty()
                }
            }
        }

        test("an executor a task made and left open ends with the worker that made it") {
            bounded {
                val ran = AtomicInteger()
                val inner = pool(1) {
                    apply { dev.coprocessing.futures.ThreadPoolExecutor(1).also { it.submit { delay(10); ran.incrementAndGet() } } }
                }
                inner.toString() shouldContain "terminated"
                ran.get() shouldBe 1
            }
        }

        test("toString reads like CPython's repr") {
            bounded {
                val pool = Pool(3)
                pool.toString() shouldBe "<Pool state=RUN pool_size=3>"
                pool.close()
                pool.toString() shouldBe "<Pool state=CLOSE pool_size=3>"
                pool.join()
                val other = Pool(1)
                other.terminate()
                other.toString() shouldBe "<Pool state=TERMINATE pool_size=1>"
                other.join()
                val r = pool(1) { applyAsync { 1 } }
                r.toString() shouldMatch Regex("<AsyncResult at 0x[0-9a-f]+ ready successful>")
            }
        }
    }

    context("bad input fails at once with CPython's message") {
        test("Pool(0) and a negative number of processes") {
            shouldThrow<IllegalArgumentException> { Pool(0) }.message shouldStartWith "Number of processes must be at least 1"
            shouldThrow<IllegalArgumentException> { Pool(-3) }.message shouldStartWith "Number of processes must be at least 1"
        }

        test("maxtasksperchild below 1") {
            shouldThrow<IllegalArgumentException> { Pool(2, maxtasksperchild = 0) }.message shouldStartWith
                "maxtasksperchild must be a positive int or None"
        }

        test("chunksize below 1") {
            bounded {
                pool(1) {
                    shouldThrow<IllegalArgumentException> { map(0 until 3, chunksize = 0) { it } }.message shouldBe
                        "Chunksize must be 1+, not 0"
                    shouldThrow<IllegalArgumentException> { mapAsync(0 until 3, chunksize = -1) { it } }
                    shouldThrow<IllegalArgumentException> { imap(0 until 3, chunksize = 0) { it } }
                    shouldThrow<IllegalArgumentException> { imapUnordered(0 until 3, chunksize = 0) { it } }
                }
            }
        }

        test("apply, applyAsync, map and imap after close()") {
            bounded {
                val pool = Pool(1)
                pool.close()
                shouldThrow<IllegalStateException> { pool.apply { 1 } }.message shouldStartWith "Pool not running"
                shouldThrow<IllegalStateException> { pool.applyAsync { 1 } }.message shouldStartWith "Pool not running"
                shouldThrow<IllegalStateException> { pool.map(0 until 3) { it } }.message shouldStartWith "Pool not running"
                shouldThrow<IllegalStateException> { pool.mapAsync(0 until 3) { it } }.message shouldStartWith "Pool not running"
                shouldThrow<IllegalStateException> { pool.imap(0 until 3) { it } }.message shouldStartWith "Pool not running"
                shouldThrow<IllegalStateException> { pool.starmap(listOf(1 to 2)) { (a, b) -> a + b } }
                pool.join()
            }
        }

        test("join() before close() or terminate()") {
            bounded {
                val pool = Pool(1)
                shouldThrow<IllegalStateException> { pool.join() }.message shouldStartWith "Pool is still running"
                pool.close()
                pool.join()
            }
        }

        test("join() from inside one of the pool's tasks or callbacks") {
            bounded {
                val pool = Pool(1)
                try {
                    // After close(), join() is allowed; from inside, it would wait for itself.
                    val fromTask = pool.applyAsync { pool.close(); runCatching { pool.join() }.exceptionOrNull() }
                    fromTask.get().shouldBeInstanceOf<IllegalStateException>().message shouldContain "from a task of the pool"
                } finally {
                    pool.terminate()
                    pool.join()
                }
                val other = Pool(1)
                val fromCallback = CompletableDeferred<Throwable?>()
                other.applyAsync(callback = { _: Int ->
                    other.close()
                    fromCallback.complete(runCatching { other.join() }.exceptionOrNull())
                }) { 1 }
                fromCallback.await().shouldBeInstanceOf<IllegalStateException>().message shouldContain "from a callback"
                other.join()
            }
        }

        test("successful() before the result is ready") {
            bounded {
                pool(1) {
                    val gate = CompletableDeferred<Unit>()
                    val r = applyAsync { gate.await() }
                    shouldThrow<IllegalStateException> { r.successful() }.message shouldContain "not ready"
                    gate.complete(Unit)
                    r.get()
                    r.successful() shouldBe true
                }
            }
        }

        test("a negative timeout") {
            bounded {
                pool(1) {
                    val r = applyAsync { 1 }
                    shouldThrow<IllegalArgumentException> { r.get(timeout = (-1).seconds) }.message shouldStartWith
                        "'timeout' must be a non-negative number"
                    shouldThrow<IllegalArgumentException> { r.wait(timeout = (-1).seconds) }
                    shouldThrow<IllegalArgumentException> { r.getBlocking(-0.5) }
                    r.get() shouldBe 1
                }
            }
        }
    }
})

/** Submits a task that fails and waits for it, keeping no reference to its result once this returns. */
private fun dropAFailedResult(pool: Pool) {
    pool.applyAsync<Int> { throw IllegalStateException("dropped on the floor") }.waitBlocking()
}
