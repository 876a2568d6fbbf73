package dev.coprocessing.spawn

import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing
import dev.coprocessing.queue.Empty
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/** What [block] threw, or `null`. (Inside a block, `runCatching { }` would capture the block's scope.) */
private inline fun failureOf(block: () -> Unit): Throwable? = try {
    block()
    null
} catch (e: Throwable) {
    e
}

class SpawnProxiesSpec : FunSpec({
    val spawn = getContext("spawn")

    test("the context's factories make the library's objects") {
        spawn.Queue<Int>(3).maxsize shouldBe 3
        spawn.JoinableQueue<Int>().shouldBeInstanceOf<dev.coprocessing.queue.JoinableQueue<Int>>()
        spawn.SimpleQueue<Int>().empty() shouldBe true
        spawn.Lock().locked() shouldBe false
        spawn.RLock().locked() shouldBe false
        spawn.Semaphore(2).getValue() shouldBe 2
        spawn.BoundedSemaphore(1).toString() shouldBe "<BoundedSemaphore(value=1, maxvalue=1)>"
        spawn.Event().isSet() shouldBe false
        spawn.Condition().toString() shouldContain "Condition"
        spawn.Barrier(2).parties shouldBe 2
    }

    test("a queue captured by two spawn processes is one queue: a producer's items reach a consumer, and its answer the parent") {
        multiprocessing {
            val jobs = spawn.JoinableQueue<Int?>()
            val results = spawn.Queue<Int>()
            val producer = spawn.Process(name = "producer") {
                for (i in 1..100) jobs.put(i)
                jobs.put(null)
            }
            val consumer = spawn.Process(name = "consumer") {
                var sum = 0
                while (true) {
                    val item = jobs.get()
                    jobs.taskDone()
                    if (item == null) break
                    sum += item
                }
                results.put(sum)
            }
            producer.start()
            consumer.start()
            withTimeout(90.seconds) {
                results.get() shouldBe 5050
                jobs.join()
                producer.join()
                consumer.join()
            }
            producer.exitCode shouldBe 0
            consumer.exitCode shouldBe 0
            jobs.empty() shouldBe true
        }
    }

    test("a Value and its lock, and a Lock, shared with four spawn processes: no increment is lost") {
        multiprocessing {
            val counter = spawn.Value(0)
            val total = spawn.Value(0)
            val lock = spawn.Lock()
            val workers = List(4) {
                spawn.Process {
                    repeat(25) {
                        counter.getLock().withLock { counter.value = counter.value + 1 }
                        lock.withLock { total.value = total.value + 2 }
                    }
                }
            }
            workers.forEach { it.start() }
            withTimeout(120.seconds) { workers.forEach { it.join() } }
            workers.map { it.exitCode } shouldBe listOf(0, 0, 0, 0)
            counter.value shouldBe 100
            total.value shouldBe 200
            lock.locked() shouldBe false
        }
    }

    test("an Event set by the parent wakes a spawn process; a timed wait and a timed get end in the child, losing nothing") {
        multiprocessing {
            val go = spawn.Event()
            val items = spawn.Queue<String>()
            val said = spawn.Queue<String>()
            val child = spawn.Process {
                said.put("timed wait: " + go.wait(100.milliseconds))
                said.put("timed get: " + withTimeoutOrNull(100.milliseconds) { items.get() })
                said.put("nowait: " + failureOf { items.getNowait() }?.javaClass?.simpleName)
                said.put("ready")
                go.wait()
                said.put("got " + items.get())
            }
            child.start()
            withTimeout(90.seconds) {
                said.get() shouldBe "timed wait: false"
                said.get() shouldBe "timed get: null"
                said.get() shouldBe "nowait: Empty"
                said.get() shouldBe "ready"
                items.put("spam")
                go.set()
                said.get() shouldBe "got spam"
                child.join()
            }
            child.exitCode shouldBe 0
        }
    }

    test("what the parent's object throws is what the child sees: a target that fails on an empty queue fails with Empty") {
        multiprocessing {
            val q = spawn.Queue<Int>()
            val p = spawn.Process { q.getNowait() }
            p.start()
            withTimeout(60.seconds) { p.join() }
            p.exitCode shouldBe 1
            p.exception.shouldBeInstanceOf<Empty>()
        }
    }

    test("an RLock held by one spawn process cannot be released by another, and is released by its holder") {
        multiprocessing {
            val rlock = spawn.RLock()
            val said = spawn.Queue<String>()
            val proceed = spawn.Event()
            val holder = spawn.Process(name = "holder") {
                rlock.acquire()
                rlock.acquire()
                said.put("held")
                proceed.wait()
                rlock.release()
                rlock.release()
                said.put("released")
            }
            val intruder = spawn.Process(name = "intruder") {
                said.put(failureOf { rlock.release() }?.message ?: "released someone else's lock")
            }
            holder.start()
            withTimeout(90.seconds) {
                said.get() shouldBe "held"
                intruder.start()
                said.get() shouldContain "cannot release un-acquired lock"
                proceed.set()
                said.get() shouldBe "released"
                holder.join()
                intruder.join()
            }
            rlock.locked() shouldBe false
        }
    }

    test("a manager's dict and list, used by a spawn process, are the parent's") {
        multiprocessing {
            spawn.Manager().use { manager ->
                val d = manager.dict<String, Int>()
                val l = manager.list<String>()
                val p = spawn.Process {
                    d["answer"] = 42
                    l.add("from the child")
                    l.add("size was ${d.size}")
                }
                p.start()
                withTimeout(60.seconds) { p.join() }
                p.exitCode shouldBe 0
                d["answer"] shouldBe 42
                l.toList() shouldBe listOf("from the child", "size was 1")
            }
        }
    }

    test("pool workers on spawn put into a queue their tasks captured") {
        multiprocessing {
            val seen = spawn.Queue<Int>()
            val pool = spawn.Pool(2)
            try {
                val squares = withTimeout(90.seconds) {
                    pool.map((1..20).toList()) { n ->
                        seen.put(n)
                        n * n
                    }
                }
                squares shouldBe (1..20).map { it * it }
                val got = List(20) { seen.get() }.sorted()
                got shouldBe (1..20).toList()
            } finally {
                pool.terminate()
                pool.join()
            }
        }
    }

    test("a queue made in a worker JVM does not cross back: the task fails with why") {
        multiprocessing {
            val executor = spawn.ProcessPoolExecutor(1)
            try {
                val future = executor.submit(suspend { dev.coprocessing.queue.Queue<Int>() })
                val error = shouldThrow<Throwable> { withTimeout(60.seconds) { future.result() } }
                (error.message ?: "") shouldContain "made in a worker JVM"
            } finally {
                executor.shutdown()
            }
        }
    }
})
