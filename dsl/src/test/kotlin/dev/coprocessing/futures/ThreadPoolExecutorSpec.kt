package dev.coprocessing.futures

import dev.coprocessing.currentProcess
import dev.coprocessing.internal.VirtualThreads
import dev.coprocessing.multiprocessing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import java.util.Collections
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch

/** What is particular to the thread pool: threads of the submitting process, named as CPython names them. */
class ThreadPoolExecutorSpec : FunSpec({

    test("thread names: <prefix>_N, and ThreadPoolExecutor-M_N by default") {
        val arrived = CountDownLatch(5)
        val gate = Gate()
        val names = Collections.synchronizedSet(mutableSetOf<String>())
        ThreadPoolExecutor(5, threadNamePrefix = "SpecialPool").use { ex ->
            try {
                repeat(5) { ex.submit(Callable { names += Thread.currentThread().name; arrived.countDown(); gate.pass() }) }
                awaitLatch(arrived, "five threads")
            } finally {
                gate.open()
            }
        }
        names shouldBe (0 until 5).map { "SpecialPool_$it" }.toSet()
        ThreadPoolExecutor(1).use { ex ->
            ex.submit(Callable { Thread.currentThread().name }).result() shouldMatch Regex("ThreadPoolExecutor-\\d+_0")
        }
    }

    test("tasks run in the process that made the executor, as threads do") {
        multiprocessing {
            val main = currentProcess()
            ThreadPoolExecutor(2).use { ex ->
                ex.submit { currentProcess() }.result() shouldBe main
                ex.submit(Callable { currentProcess() }).result() shouldBe main
            }
        }
    }

    test("the default number of workers is CPython's min(32, cpuCount() + 4)") {
        ThreadPoolExecutor().use { ex ->
            ex.maxWorkers shouldBe minOf(32, Runtime.getRuntime().availableProcessors() + 4)
        }
    }

    test("virtual threads where the JVM has them, platform threads elsewhere") {
        ThreadPoolExecutor(2, virtual = true).use { ex ->
            val thread = ex.submit(Callable { Thread.currentThread() }).result()
            VirtualThreads.isVirtual(thread) shouldBe VirtualThreads.available
            thread.isDaemon shouldBe true
        }
    }

    test("threads stay until shutdown and then end") {
        val ex = ThreadPoolExecutor(3)
        val threads = (0 until 3).map { ex.submit(Callable { Thread.currentThread() }) }.map { it.result() }.toSet()
        threads.forEach { it.isAlive shouldBe true }
        ex.shutdown()
        threads.forEach { it.join(PATIENCE_SECONDS * 1000); it.isAlive shouldBe false }
    }
})
