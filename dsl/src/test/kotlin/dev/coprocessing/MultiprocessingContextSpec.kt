package dev.coprocessing

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.pool.pool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sync.Lock
import io.kotest.core.spec.style.FunSpec
import io.kotest.datatest.withData
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.coroutines.Continuation
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext

/**
 * `multiprocessing { }` must behave the same whatever context calls it: a bare `suspend fun main` (no
 * dispatcher at all), `Dispatchers.Unconfined`, a single thread, or `runTest`.
 */
class MultiprocessingContextSpec : FunSpec({

    /** Runs [block] as the JVM runs a bare `suspend fun main`: started with an empty context, the caller blocked. */
    fun <T> runAsBareMain(block: suspend () -> T): T {
        val done = CountDownLatch(1)
        var outcome: Result<T>? = null
        block.startCoroutine(Continuation(EmptyCoroutineContext) { outcome = it; done.countDown() })
        check(done.await(60, TimeUnit.SECONDS)) { "the program did not end within 60 s" }
        return outcome!!.getOrThrow()
    }

    class Caller(val name: String, val run: (suspend () -> Any?) -> Any?) {
        override fun toString() = name
    }

    val single = Executors.newSingleThreadExecutor { Thread(it, "single").apply { isDaemon = true } }
    afterSpec { single.shutdownNow() }

    fun callers() = listOf(
        Caller("a bare suspend fun main") { runAsBareMain(it) },
        Caller("Dispatchers.Unconfined") { b -> runAsBareMain { withContext(Dispatchers.Unconfined) { b() } } },
        Caller("a single-threaded dispatcher") { b -> runAsBareMain { withContext(single.asCoroutineDispatcher()) { b() } } },
        Caller("runTest") { b -> var r: Any? = null; runTest(timeout = 60.seconds) { r = b() }; r },
    )

    context("the README's program runs as written") {
        withData(nameFn = { it.name }, callers()) { caller ->
            val got = Collections.synchronizedList(mutableListOf<String>())
            val squares = caller.run {
                multiprocessing {
                    val q = Queue<String?>()
                    val worker = Process { while (true) got += "${currentProcess().name} got ${q.get() ?: break}" }
                    worker.start()
                    listOf("spam", "eggs", null).forEach { q.put(it) }
                    worker.join()
                    pool(4) { map(1..10) { sleep(0.1); it * it } }
                }
            }
            got shouldContainExactly listOf("Process-1 got spam", "Process-1 got eggs")
            squares shouldBe (1..10).map { it * it }
        }
    }

    context("the caller stays the main process after every resumption") {
        withData(nameFn = { it.name }, callers()) { caller ->
            val seen = caller.run {
                multiprocessing {
                    val names = mutableListOf<String>()
                    ProcessPoolExecutor(2).use { ex ->
                        repeat(20) { names += currentProcess().name; ex.submit { 1 }.result(); names += currentProcess().name }
                    }
                    ThreadPoolExecutor(2).use { ex -> ex.submit { 1 }.result(); names += currentProcess().name }
                    val p = Process { sleep(0.01) }
                    p.start(); p.join(); names += currentProcess().name
                    names.toSet()
                }
            }
            seen shouldBe setOf("MainProcess")
        }
    }

    context("an executor's done callback runs before shutdown returns") {
        withData(nameFn = { it.name }, callers()) { caller ->
            val log = Collections.synchronizedList(mutableListOf<String>())
            caller.run {
                multiprocessing {
                    val ex = ProcessPoolExecutor(4)
                    val f = ex.submit { 6 * 7 }
                    f.addDoneCallback { log += "done: ${it.result()}" }
                    log += "result: ${f.result()}"
                    log += ex.map(0 until 3, timeout = 5.seconds) { it * it }.toList().toString()
                    ex.shutdown()
                    log += "shut down"
                }
            }
            log.last() shouldBe "shut down"
            log.toSet() shouldBe setOf("done: 42", "result: 42", "[0, 1, 4]", "shut down")
        }
    }

    context("a Lock taken by acquire() is seen as the caller's own by its blocking twin") {
        withData(nameFn = { it.name }, callers()) { caller ->
            val message = caller.run {
                multiprocessing {
                    val lock = Lock()
                    lock.acquire()
                    try {
                        runCatching { lock.acquireBlocking() }.exceptionOrNull()?.message
                    } finally {
                        lock.release()
                    }
                }
            }
            ((message as String?) ?: "no error") shouldContain "is not reentrant"
        }
    }
})
