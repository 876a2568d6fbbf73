package dev.coprocessing.futures

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import java.util.concurrent.Callable
import java.util.concurrent.CountDownLatch
import kotlinx.coroutines.awaitCancellation

/** What is particular to the process pool: its workers are processes, replaced after maxTasksPerChild tasks. */
class ProcessPoolExecutorSpec : FunSpec({

    test("tasks run as worker processes: SpawnProcess-N, children of the process that made the executor") {
        multiprocessing {
            val main = currentProcess()
            ProcessPoolExecutor(2).use { ex ->
                val worker = ex.submit { currentProcess() }.result()
                worker.name shouldMatch Regex("SpawnProcess-\\d+")
                worker.isAlive() shouldBe true
                (worker.pid != null && worker.pid != main.pid) shouldBe true
                worker.ppid shouldBe main.pid
                worker.daemon shouldBe true
                // A blocking Java task runs as its worker too, on the worker's own thread.
                ex.submit(Callable { currentProcess().name to Thread.currentThread().name }).result().let { (process, thread) ->
                    process shouldMatch Regex("SpawnProcess-\\d+")
                    thread shouldBe process
                }
            }
        }
    }

    test("done callbacks run in the process that made the executor, not in the worker that finished the task") {
        multiprocessing {
            val main = currentProcess()
            ProcessPoolExecutor(1).use { ex ->
                val release = CountDownLatch(1)
                val seen = java.util.concurrent.LinkedBlockingQueue<Process>()
                val f = ex.submit(Callable { release.await(); currentProcess() })
                f.addDoneCallback(java.util.function.Consumer { seen.add(currentProcess()) })
                release.countDown()
                val worker = f.result()
                worker.name shouldMatch Regex("SpawnProcess-\\d+")
                val inCallback = seen.poll(10, java.util.concurrent.TimeUnit.SECONDS)
                    ?: error("the done callback did not run within 10 s")
                inCallback shouldBe main
                // Afterwards the worker's thread is its process again.
                ex.submit { currentProcess() }.result() shouldBe worker
            }
        }
    }

    test("activeChildren() lists the executor's worker processes while they live, as CPython's does") {
        multiprocessing {
            val ex = ProcessPoolExecutor(1)
            val worker = ex.submit { currentProcess() }.result()
            dev.coprocessing.activeChildren() shouldBe listOf(worker)
            ex.shutdown()
            worker.isAlive() shouldBe false
            dev.coprocessing.activeChildren() shouldBe emptyList()
        }
    }

    test("an executor a task made and left open ends with the worker process that made it") {
        for (maxTasksPerChild in listOf(1, null)) {
            lateinit var inner: Executor
            val ran = java.util.concurrent.atomic.AtomicInteger()
            ProcessPoolExecutor(1, maxTasksPerChild = maxTasksPerChild).use { ex ->
                inner = ex.submit { ThreadPoolExecutor(1).also { it.submit { dev.coprocessing.sleep(0.01); ran.incrementAndGet() } } }.result()
            }
            inner.pool.isTerminated shouldBe true
            ran.get() shouldBe 1
        }
    }

    test("a few workers serve many tasks, at most maxWorkers at once") {
        ProcessPoolExecutor(3).use { ex ->
            val running = java.util.concurrent.atomic.AtomicInteger()
            val most = java.util.concurrent.atomic.AtomicInteger()
            val workers = (0 until 30).map {
                ex.submit {
                    most.accumulateAndGet(running.incrementAndGet(), ::maxOf)
                    dev.coprocessing.sleep(0.005)
                    running.decrementAndGet()
                    currentProcess().pid
                }
            }.map { it.result() }.toSet()
            workers.size shouldBeLessThanOrEqual 3
            most.get() shouldBeLessThanOrEqual 3
        }
    }

    test("maxTasksPerChild replaces a worker by a new process after that many tasks") {
        val ex = ProcessPoolExecutor(1, maxTasksPerChild = 2)
        val seen = (0 until 6).map { ex.submit { currentProcess() }.result() }
        ex.shutdown()
        seen.map { it.pid }.toSet() shouldHaveSize 3
        seen.chunked(2).forEach { (a, b) -> a shouldBe b }
        seen.forEach { it.isAlive() shouldBe false; it.exitCode shouldBe 0 }
    }

    test("a replaced worker runs the initializer again, as a new process does") {
        val initialized = java.util.Collections.synchronizedList(mutableListOf<String>())
        ProcessPoolExecutor(1, initializer = { initialized += currentProcess().name }, maxTasksPerChild = 1).use { ex ->
            val names = (0 until 3).map { ex.submit { currentProcess().name }.result() }
            initialized shouldBe names
        }
    }

    test("workers end with the executor: exit code 0 after shutdown, -15 after terminateWorkers, -9 after killWorkers") {
        val normal = ProcessPoolExecutor(1)
        val worker = normal.submit { currentProcess() }.result()
        normal.shutdown()
        worker.isAlive() shouldBe false
        worker.exitCode shouldBe 0

        for ((stop, code) in listOf<Pair<(Executor) -> Unit, Int>>({ e: Executor -> e.terminateWorkers() } to -15, { e: Executor -> e.killWorkers() } to -9)) {
            val ex = ProcessPoolExecutor(1)
            val started = CountDownLatch(1)
            lateinit var stopped: Process
            ex.submit { stopped = currentProcess(); started.countDown(); awaitCancellation() }
            awaitLatch(started, "the task to start")
            stop(ex)
            ex.shutdown()
            stopped.isAlive() shouldBe false
            stopped.exitCode shouldBe code
        }
    }
})
