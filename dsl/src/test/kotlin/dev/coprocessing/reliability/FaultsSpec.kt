package dev.coprocessing.reliability

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.BrokenThreadPool
import dev.coprocessing.SystemExit
import dev.coprocessing.WorkerLostError
import dev.coprocessing.exit
import dev.coprocessing.futures.Executor
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.pool.ThreadPool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sync.Event
import dev.coprocessing.testing.LeakCheck
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Faults in user code, and scopes cancelled from outside: whatever throws where (a task, a callback, an error
 * callback, an initializer, `exit(n)` in a task), it fails only what it belongs to, the owner either serves on or
 * says it is broken, the library stays usable for the next owner, and nothing is left running afterwards.
 */
class FaultsSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    afterTest { LeakCheck.assertNothingLive("after ${it.a.name}") }

    /** The exceptions a task throws: checked, unchecked, and `Error`s that are not the JVM failing. */
    val thrown: List<() -> Throwable> = listOf(
        { IllegalStateException("task failed") },
        { java.io.IOException("checked, from Kotlin") },
        { AssertionError("an assertion in a task") },
        { NotImplementedError("an Error that is not fatal") },
        { ExceptionInInitializerError("a class failed to load") },
    )

    test("pool tasks throwing exceptions and Errors fail only their own results, and the pool serves on") {
        bounded {
            for (pool in listOf(Pool(2), ThreadPool(2))) {
                try {
                    for (make in thrown) {
                        val expected = make()
                        val failing = pool.applyAsync { throw make() }
                        val blocking = pool.applyAsync(Callable<Int> { throw make() })
                        for (r in listOf(failing, blocking)) {
                            val e = shouldThrow<Throwable> { r.get() }
                            e::class shouldBe expected::class
                            e.message shouldBe expected.message
                            r.successful() shouldBe false
                        }
                        pool.apply { 6 * 7 } shouldBe 42
                    }
                    pool.map(0 until 100) { it * 2 } shouldBe (0 until 100).map { it * 2 }
                } finally {
                    pool.terminate()
                    pool.join()
                }
            }
        }
    }

    test("executor tasks throwing exceptions and Errors fail only their own futures, and the executor serves on") {
        bounded {
            for (executor in listOf<Executor>(ThreadPoolExecutor(2), ProcessPoolExecutor(2))) {
                try {
                    for (make in thrown) {
                        val expected = make()
                        val f = executor.submit<Int> { throw make() }
                        val e = shouldThrow<Throwable> { f.result() }
                        e::class shouldBe expected::class
                        f.exception()!!::class shouldBe expected::class
                        executor.submit { 6 * 7 }.result() shouldBe 42
                    }
                    executor.map(0 until 50) { it + 1 }.toList() shouldBe (1..50).toList()
                } finally {
                    executor.shutdown()
                }
            }
        }
    }

    test("callbacks and error callbacks that throw fail or annotate their own result, and never break the pool or the executor") {
        val err = capturingStderr {
            runBlocking {
                bounded {
                    val pool = Pool(2)
                    try {
                        val ok = pool.applyAsync(callback = { _: Int -> throw IllegalStateException("callback boom") }) { 1 }
                        val failed = pool.applyAsync(
                            callback = { _: Int -> },
                            errorCallback = { throw IllegalArgumentException("error callback boom") },
                        ) { throw IllegalStateException("task boom") }
                        // A callback that throws fails its own result; an error callback's exception rides along.
                        shouldThrow<IllegalStateException> { ok.get() }.message shouldBe "callback boom"
                        val e = shouldThrow<IllegalStateException> { failed.get() }
                        e.message shouldBe "task boom"
                        e.suppressed.map { it.message } shouldBe listOf("error callback boom")
                        pool.map(0 until 20) { it } shouldBe (0 until 20).toList()
                    } finally {
                        pool.close()
                        pool.join()
                    }
                    ThreadPoolExecutor(2).use { ex ->
                        val seen = CompletableDeferred<Unit>()
                        val f = ex.submit { 1 }
                        f.addDoneCallback { throw IllegalStateException("done callback boom") }
                        f.addDoneCallback { seen.complete(Unit) }
                        seen.await() // the second callback ran although the first threw
                        f.result() shouldBe 1
                        ex.submit { 2 }.result() shouldBe 2
                    }
                }
            }
        }
        err shouldContain "done callback boom" // reported: a done callback has no result to fail
    }

    test("a failing initializer breaks its owner with BrokenProcessPool or BrokenThreadPool; the next owner works") {
        capturingStderr {
            runBlocking {
                bounded {
                    val pool = Pool(2, initializer = { throw IllegalStateException("initializer boom") })
                    try {
                        shouldThrow<BrokenProcessPool> { pool.apply { 1 } }
                    } finally {
                        pool.terminate()
                        pool.join()
                    }
                    ThreadPoolExecutor(2, initializer = { throw IllegalStateException("initializer boom") }).use { ex ->
                        shouldThrow<BrokenThreadPool> { ex.submit { 1 }.result() }
                        shouldThrow<BrokenThreadPool> { ex.submit { 1 } }
                    }
                    ProcessPoolExecutor(2, initializer = { throw IllegalStateException("initializer boom") }).use { ex ->
                        shouldThrow<BrokenProcessPool> { ex.submit { 1 }.result() }
                        shouldThrow<BrokenProcessPool> { ex.submit { 1 } }
                    }
                    val next = Pool(2)
                    try {
                        next.apply { 6 * 7 } shouldBe 42
                    } finally {
                        next.close()
                        next.join()
                    }
                    ThreadPoolExecutor(1).use { it.submit { 1 }.result() shouldBe 1 }
                }
            }
        }
    }

    test("exit(n) in a task ends its worker with n: the task fails, and its owner serves on or says it is broken") {
        capturingStderr {
            runBlocking {
                bounded {
                    val pool = Pool(1)
                    try {
                        val lost = shouldThrow<Throwable> { pool.apply { exit(3) } }
                        if (lost is WorkerLostError) lost.exitCode shouldBe 3 else lost.shouldBeInstanceOf<SystemExit>().code shouldBe 3
                        pool.apply { 6 * 7 } shouldBe 42
                    } finally {
                        pool.close()
                        pool.join()
                    }
                    ProcessPoolExecutor(1).use { ex ->
                        shouldThrow<Throwable> { ex.submit { exit(3) }.result() }
                    }
                    multiprocessing {
                        val p = Process { exit(5) }
                        p.start()
                        p.join()
                        p.exitCode shouldBe 5
                    }
                }
            }
        }
    }

    test("a multiprocessing { } block cancelled from outside ends its processes, pools, executors and blocked threads") {
        capturingStderr {
            runBlocking(Dispatchers.Default) {
                repeat(Reliability.pick(quick = 5, long = 200)) { round ->
                    val started = CompletableDeferred<Unit>()
                    val tasksRunning = AtomicInteger()
                    val block = launch {
                        multiprocessing {
                            val q = Queue<Int>()
                            val never = Event()
                            Process { q.get() }.start()
                            Process(target = dev.coprocessing.ThrowingRunnable { never.waitBlocking() }).start()
                            Process(daemon = true) { awaitCancellation() }.start()
                            val pool = Pool(2)
                            launch { pool.map(0 until 1_000) { tasksRunning.incrementAndGet(); awaitCancellation() } }
                            val ex = ThreadPoolExecutor(2)
                            repeat(4) { ex.submit(Callable { tasksRunning.incrementAndGet(); never.waitBlocking() }) }
                            started.complete(Unit)
                            awaitCancellation()
                        }
                    }
                    withTimeout(30.seconds) { started.await() }
                    val cut = withTimeoutOrNull(30.seconds) { block.cancelAndJoin() }
                    check(cut != null) { "round $round: the cancelled block did not end within 30 s" }
                    LeakCheck.assertNothingLive("after cancelled block $round")
                }
                // The library is still usable.
                multiprocessing {
                    val q = Queue<Int>()
                    Process { q.put(42) }.start()
                    q.get() shouldBe 42
                }
            }
        }
    }
})

/** Runs [body] with a bound on how long it may take, failing with a message instead of hanging the build. */
private suspend fun <T> bounded(body: suspend () -> T): T = withContext(Dispatchers.Default) {
    withTimeoutOrNull(60.seconds) { body() } ?: throw AssertionError("did not finish within 60 s")
}
