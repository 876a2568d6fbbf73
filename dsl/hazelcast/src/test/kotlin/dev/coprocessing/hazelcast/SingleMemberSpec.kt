package dev.coprocessing.hazelcast

import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.currentProcess
import dev.coprocessing.exit
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.UUID
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/** One embedded member, started by `hazelcastContext()`: everything runs on it, through the cluster's services. */
class SingleMemberSpec : FunSpec({
    val ctx = hazelcastContext(clusterName = "single-${UUID.randomUUID()}", members = listOf("127.0.0.1:5811"), port = 5811)
    afterSpec { ctx.close() }

    test("the context is a start method of its own, over the member it started") {
        ctx.getStartMethod() shouldBe "hazelcast"
        ctx.members().size shouldBe 1
        ctx.toString() shouldContain "members=1"
    }

    test("Pool.map runs on the member and keeps the order; a task sees the member it runs on") {
        multiprocessing {
            val pool = ctx.Pool(2)
            pool.map(1..20) { it * it } shouldBe (1..20).map { it * it }
            pool.map((1..20).toList(), chunksize = 3) { it + 1 } shouldBe (2..21).toList()
            pool.apply { currentMember()?.uuid } shouldBe ctx.instance.cluster.localMember.uuid
            currentMember() shouldBe null
            pool.close()
            pool.join()
        }
    }

    test("a Pool made with context = ctx is the same as ctx.Pool") {
        multiprocessing {
            val pool = Pool(2, context = ctx)
            pool.starmap(listOf(1 to 2, 3 to 4)) { (a, b) -> a + b } shouldBe listOf(3, 7)
            pool.imap(1..5) { it * 10 }.toList() shouldBe listOf(10, 20, 30, 40, 50)
            pool.close()
            pool.join()
        }
    }

    test("a task's exception reaches the caller with its type and message; callbacks run in the caller") {
        multiprocessing {
            val pool = ctx.Pool(2)
            shouldThrow<IllegalStateException> { pool.apply { error("boom") } }.message shouldBe "boom"
            shouldThrow<ArithmeticException> { pool.map(listOf(1, 0, 2)) { 6 / it } }
            val seen = CompletableDeferred<Pair<Int, Boolean>>()
            pool.applyAsync(callback = { seen.complete(it to (currentMember() == null)) }) { 6 * 7 }
            withTimeout(30.seconds) { seen.await() } shouldBe (42 to true)
            val failed = CompletableDeferred<Throwable>()
            pool.applyAsync(errorCallback = { failed.complete(it) }) { throw UnsupportedOperationException("nope") }
            withTimeout(30.seconds) { failed.await() }.message shouldBe "nope"
            pool.close()
            pool.join()
        }
    }

    test("what cannot cross fails in the caller with spawn's message") {
        multiprocessing {
            val pool = ctx.Pool(1)
            val thread = Thread {}
            shouldThrow<IllegalArgumentException> { pool.apply { thread.name } }.message shouldContain "Can't pickle"
            shouldThrow<IllegalArgumentException> { pool.map(listOf(Any())) { it.hashCode() } }.message shouldContain "Can't pickle"
            shouldThrow<IllegalArgumentException> { pool.map(1..3) { Any() } }.message shouldContain "Can't pickle the result"
            pool.apply { 1 } shouldBe 1 // the pool goes on
            pool.close()
            pool.join()
        }
    }

    test("ProcessPoolExecutor: submit, result, exceptions, map, done callbacks") {
        multiprocessing {
            ctx.ProcessPoolExecutor(2).use { ex ->
                ex.submit { 6 * 7 }.result(30.seconds) shouldBe 42
                shouldThrow<IllegalStateException> { ex.submit { check(false) { "bad state" } }.result(30.seconds) }.message shouldBe "bad state"
                ex.map(1..6, timeout = 30.seconds) { it * 2 }.toList() shouldBe listOf(2, 4, 6, 8, 10, 12)
                val done = CompletableDeferred<Int>()
                ex.submit { 5 }.addDoneCallback { done.complete(it.result()) }
                withTimeout(30.seconds) { done.await() } shouldBe 5
            }
            ProcessPoolExecutor(1, mpContext = ctx).use { ex -> ex.submit { "hello" }.result(30.seconds) shouldBe "hello" }
        }
    }

    test("terminate stops a task running on the member") {
        multiprocessing {
            val pool = ctx.Pool(1)
            val r = pool.applyAsync { sleep(60.0); "never" }
            sleep(0.3)
            pool.terminate()
            pool.join()
            r.ready() shouldBe true
            r.successful() shouldBe false
        }
    }

    test("a queue by name: FIFO, null items, Empty and Full, and the same queue captured by a task") {
        multiprocessing {
            val q = ctx.Queue<String?>("jobs-${UUID.randomUUID()}")
            q.empty() shouldBe true
            q.put("spam")
            q.put(null)
            q.qsize() shouldBe 2
            q.get() shouldBe "spam"
            q.get() shouldBe null
            shouldThrow<Empty> { q.getNowait() }
            shouldThrow<Empty> { q.get(timeout = 50.milliseconds) }
            shouldThrow<IllegalArgumentException> { q.get(timeout = (-1).seconds) }.message shouldContain "'timeout' must be a non-negative number"

            val pool = ctx.Pool(2)
            pool.map(1..5) { q.put("item $it"); it }
            (1..5).map { q.get(timeout = 10.seconds)!! }.sorted() shouldBe (1..5).map { "item $it" }
            pool.close()
            pool.join()

            val bounded = ctx.Queue<Int>("bounded-${UUID.randomUUID()}", maxsize = 2)
            bounded.put(1)
            bounded.putNowait(2)
            bounded.full() shouldBe true
            shouldThrow<Full> { bounded.putNowait(3) }
            shouldThrow<Full> { bounded.put(3, timeout = 50.milliseconds) }
            bounded.qsize() shouldBe 2
            shouldThrow<IllegalArgumentException> { ctx.Queue<Int>(bounded.name, maxsize = 5) }

            val unpicklable = ctx.Queue<Any>("objects-${UUID.randomUUID()}")
            shouldThrow<IllegalArgumentException> { unpicklable.put(Thread {}) }.message shouldContain "Can't pickle"
            unpicklable.qsize() shouldBe 0
        }
    }

    test("a cancelled get takes nothing") {
        multiprocessing {
            val q = ctx.Queue<Int>("cancel-${UUID.randomUUID()}")
            shouldThrow<kotlinx.coroutines.TimeoutCancellationException> { withTimeout(100.milliseconds) { q.get() } }
            q.put(7)
            q.get(timeout = 5.seconds) shouldBe 7
        }
    }

    test("a joinable queue counts taskDone across the cluster") {
        multiprocessing {
            val q = ctx.JoinableQueue<Int>("kitchen-${UUID.randomUUID()}")
            repeat(3) { q.put(it) }
            val pool = ctx.Pool(1)
            val done = pool.applyAsync { repeat(3) { q.get(); q.taskDone() }; "cooked" }
            withTimeout(30.seconds) { q.join() }
            done.get(30.seconds) shouldBe "cooked"
            shouldThrow<IllegalStateException> { q.taskDone() }.message shouldContain "task_done() called too many times"
            pool.close()
            pool.join()
        }
    }

    test("a dict by name: set, get, update atomically from tasks, KeyError") {
        multiprocessing {
            val d = ctx.Manager().dict<String, Int>("counts-${UUID.randomUUID()}")
            d["seen"] = 0
            val pool = ctx.Pool(4)
            pool.map(1..40) { d.update("seen") { n -> n + 1 } }
            d["seen"] shouldBe 40
            d.update("fresh", 10) { it + 1 } shouldBe 11
            shouldThrow<NoSuchElementException> { d.update("absent") { it + 1 } }
            shouldThrow<NoSuchElementException> { d.getValue("absent") }
            d.setdefault("seen", 0) shouldBe 40
            d.keys().toSet() shouldBe setOf("seen", "fresh")
            d.len() shouldBe 2
            pool.close()
            pool.join()
        }
    }

    test("a list and a value by name") {
        multiprocessing {
            val manager = ctx.Manager()
            val log = manager.list<String>("log-${UUID.randomUUID()}")
            log.append("a")
            log.extend(listOf("b", "c"))
            log[-1] shouldBe "c"
            log.pop() shouldBe "c"
            log.toList() shouldContainExactly listOf("a", "b")
            val tickets = manager.Value("tickets-${UUID.randomUUID()}", 10)
            manager.Value(tickets.name, 99).value shouldBe 10 // the initial value only when it has none
            val pool = ctx.Pool(2)
            pool.map(1..4) { tickets.update { it - 1 } }
            tickets.value shouldBe 6
            pool.close()
            pool.join()
        }
    }

    test("a lock by name excludes across tasks; an event wakes a waiter") {
        multiprocessing {
            val lock = ctx.Lock("tickets-${UUID.randomUUID()}")
            lock.acquire() shouldBe true
            lock.locked() shouldBe true
            lock.acquire(block = false) shouldBe false
            lock.acquire(timeout = 50.milliseconds) shouldBe false
            shouldThrow<IllegalArgumentException> { lock.acquire(block = false, timeout = 1.seconds) }
            lock.release()
            shouldThrow<IllegalStateException> { lock.release() }.message shouldContain "cannot release un-acquired lock"

            val inside = ctx.Manager().Value("inside-${UUID.randomUUID()}", 0)
            val most = ctx.Manager().Value("most-${UUID.randomUUID()}", 0)
            val pool = ctx.Pool(4)
            pool.map(1..12) {
                lock.withLock {
                    val now = inside.update { n -> n + 1 }
                    most.update { m -> maxOf(m, now) }
                    sleep(0.01)
                    inside.update { n -> n - 1 }
                }
            }
            most.value shouldBe 1

            val go = ctx.Event("go-${UUID.randomUUID()}")
            go.isSet() shouldBe false
            val waiter = pool.applyAsync { go.wait(timeout = 30.seconds) }
            go.set()
            waiter.get(30.seconds) shouldBe true
            go.clear()
            go.wait(timeout = 20.milliseconds) shouldBe false
            pool.close()
            pool.join()
        }
    }

    test("a process on the member: exit codes, exceptions, terminate") {
        multiprocessing {
            val ran = ctx.Manager().Value("ran-${UUID.randomUUID()}", "")
            val ok = ctx.Process(name = "remote") { ran.value = currentMember()!!.uuid.toString() }
            ok.start()
            ok.join(30.seconds)
            ok.exitCode shouldBe 0
            ran.value shouldBe ctx.instance.cluster.localMember.uuid.toString()

            val java = ctx.Process(target = ThrowingRunnable { ran.value = "blocking" })
            java.start()
            java.join(30.seconds)
            java.exitCode shouldBe 0
            ran.value shouldBe "blocking"

            val failing = ctx.Process { error("it failed there") }
            failing.start()
            failing.join(30.seconds)
            failing.exitCode shouldBe 1

            val exiting = ctx.Process { exit(3) }
            exiting.start()
            exiting.join(30.seconds)
            exiting.exitCode shouldBe 3

            val long = ctx.Process { sleep(60.0) }
            long.start()
            sleep(0.3)
            long.terminate()
            long.join(30.seconds)
            long.exitCode shouldBe -15

            val thread = Thread {}
            shouldThrow<IllegalArgumentException> { ctx.Process { println(thread) } }.message shouldContain "Can't pickle"
            currentProcess().name shouldBe "MainProcess"
        }
    }
})
