package dev.coprocessing.thread

import dev.coprocessing.currentProcess
import dev.coprocessing.pool.Pool
import dev.coprocessing.pool.ThreadPool
import dev.coprocessing.runMultiprocessing
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.ConcurrentHashMap

/** `multiprocessing.pool.ThreadPool`: a Pool whose workers are threads of this process. */
class ThreadPoolSpec : FunSpec({

    test("a ThreadPool is a Pool: apply, map and close/join work, tasks run on its worker threads") {
        val pool = ThreadPool(3)
        pool.shouldBeInstanceOf<Pool>()
        pool.toString() shouldBe "<ThreadPool state=RUN pool_size=3>"
        pool.applyBlocking { 6 * 7 } shouldBe 42
        pool.mapBlocking((0 until 10).toList()) { it * it } shouldBe (0 until 10).map { it * it }
        pool.close()
        pool.joinBlocking()
    }

    test("its workers are daemon threads named Thread-N (worker), listed by enumerate(); currentThread() in a task is one") {
        val pool = ThreadPool(2)
        val workers = enumerate().filter { it.name.endsWith(" (worker)") }
        workers shouldHaveSize 2
        workers.forEach { it.daemon shouldBe true; it.name shouldMatch Regex("""Thread-\d+ \(worker\)""") }
        val seen = ConcurrentHashMap.newKeySet<Thread>()
        pool.mapBlocking((0 until 20).toList()) { seen += currentThread(); it }
        workers shouldContainAll seen
        pool.close()
        pool.joinBlocking()
        enumerate().filter { it in workers } shouldBe emptyList()
    }

    test("in a task, currentProcess() is the process that made the pool, not a worker process") {
        runMultiprocessing {
            val pool = ThreadPool(2)
            pool.apply { currentProcess().name } shouldBe "MainProcess"
            pool.close()
            pool.join()
        }
    }

    test("left open, it ends with its process; a bad size is refused as Pool refuses it") {
        runMultiprocessing {
            val pool = ThreadPool(2)
            pool.apply { 1 } shouldBe 1
        }
        shouldThrow<IllegalArgumentException> { ThreadPool(0) }.message shouldBe "Number of processes must be at least 1, got 0"
    }
})
