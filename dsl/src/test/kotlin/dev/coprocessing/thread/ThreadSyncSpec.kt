package dev.coprocessing.thread

import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.LifoQueue
import dev.coprocessing.queue.PriorityQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.queue.SimpleQueue
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.BoundedSemaphore
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

/** Starts [n] threads running [body] with their index and waits for them all. */
private fun threads(n: Int, body: (Int) -> Unit): List<Thread> = List(n) { i -> Thread { body(i) } }.onEach { it.start() }

private suspend fun List<Thread>.joinAll() = forEach { it.join(30.seconds); check(!it.isAlive()) { "$it did not end" } }

/**
 * Every lock, condition, event, barrier and queue of the library, used between threads (their blocking calls)
 * and between threads and coroutines (suspend calls on `Dispatchers.Default`).
 */
class ThreadSyncSpec : FunSpec({

    test("Lock: threads and coroutines exclude each other; a counter under it is exact") {
        val lock = Lock()
        var counter = 0
        runBlocking(Dispatchers.Default) {
            val ts = threads(4) { repeat(500) { lock.acquireBlocking(); try { counter++ } finally { lock.release() } } }
            List(4) { launch { repeat(500) { lock.withLock { counter++ } } } }.forEach { it.join() }
            ts.joinAll()
        }
        counter shouldBe 4000
    }

    test("Lock: a thread blocked in acquire is woken by a coroutine's release; a timeout ends the wait") {
        val lock = Lock()
        runBlocking(Dispatchers.Default) {
            lock.acquire()
            val got = AtomicReference<Boolean>()
            val timedOut = AtomicReference<Boolean>()
            val waiter = Thread { timedOut.set(lock.acquireBlocking(0.02)); got.set(lock.acquireBlocking(30.0)); lock.release() }
            waiter.start()
            while (timedOut.get() == null) kotlinx.coroutines.delay(1)
            lock.release()
            waiter.join(30.seconds)
            timedOut.get() shouldBe false
            got.get() shouldBe true
        }
    }

    test("RLock: owned by the thread that took it; re-entrant there, refused to another thread") {
        val rlock = RLock()
        val taken = CountDownLatch(1)
        val release = CountDownLatch(1)
        val owner = Thread {
            rlock.acquireBlocking(); rlock.acquireBlocking()
            taken.countDown()
            release.await()
            rlock.release(); rlock.release()
        }
        owner.start()
        taken.awaitOrFail("the owner")
        val other = AtomicReference<Throwable>()
        val tryRelease = Thread { other.set(runCatching { rlock.release() }.exceptionOrNull()) }
        tryRelease.start(); tryRelease.joinBlocking()
        (other.get() is IllegalStateException).shouldBeTrue()
        val noTake = AtomicReference<Boolean>()
        val tryTake = Thread { noTake.set(rlock.acquireBlocking(false)) }
        tryTake.start(); tryTake.joinBlocking()
        noTake.get().shouldBeFalse()
        release.countDown()
        owner.joinBlocking()
        runBlocking { rlock.acquire(timeout = 5.seconds).shouldBeTrue(); rlock.release() }
    }

    test("Semaphore and BoundedSemaphore: never more holders than permits, across threads and coroutines") {
        val sem = Semaphore(2)
        val bounded = BoundedSemaphore(1)
        val inside = AtomicInteger()
        val most = AtomicInteger()
        fun enter() { most.accumulateAndGet(inside.incrementAndGet(), ::maxOf); inside.decrementAndGet() }
        runBlocking(Dispatchers.Default) {
            val ts = threads(3) { repeat(200) { sem.acquireBlocking(); try { enter() } finally { sem.release() } } }
            List(3) { launch { repeat(200) { sem.withLock { enter() } } } }.forEach { it.join() }
            ts.joinAll()
        }
        (most.get() <= 2).shouldBeTrue()
        val t = Thread { bounded.acquireBlocking(); bounded.release() }
        t.start(); t.joinBlocking()
        shouldThrow<IllegalStateException> { bounded.release() }
    }

    test("Event: threads blocked in wait wake when a coroutine sets it; a thread's set wakes coroutines") {
        val event = Event()
        val back = Event()
        val woke = AtomicInteger()
        val ts = threads(3) { if (event.waitBlocking(30.0)) woke.incrementAndGet() }
        runBlocking(Dispatchers.Default) {
            event.set()
            ts.joinAll()
            woke.get() shouldBe 3
            val waiters = List(3) { async { back.wait(30.seconds) } }
            Thread { back.set() }.start()
            waiters.awaitAll() shouldBe listOf(true, true, true)
        }
    }

    test("Condition: a producer thread notifies a coroutine consumer and the other way round") {
        val cond = Condition()
        val items = ArrayDeque<Int>()
        val got = ConcurrentLinkedQueue<Int>()
        runBlocking(Dispatchers.Default) {
            val consumer = launch {
                repeat(5) {
                    cond.withLock {
                        cond.waitFor(30.seconds) { items.isNotEmpty() }.shouldBeTrue()
                        got += items.removeFirst()
                    }
                }
            }
            val producer = Thread { repeat(5) { i -> cond.acquireBlocking(); try { items += i; cond.notify() } finally { cond.release() } } }
            producer.start()
            consumer.join()
            producer.join()
            got.toList() shouldBe (0 until 5).toList()

            val ready = AtomicReference<Boolean>()
            val waiter = Thread { cond.acquireBlocking(); try { ready.set(cond.waitForBlocking(30.seconds) { items.isNotEmpty() }) } finally { cond.release() } }
            waiter.start()
            cond.withLock { items += 99; cond.notifyAll() }
            waiter.join(30.seconds)
            ready.get() shouldBe true
        }
    }

    test("Barrier: threads and coroutines meet at one barrier, every arrival index once") {
        val barrier = Barrier(4)
        val indices = ConcurrentLinkedQueue<Int>()
        runBlocking(Dispatchers.Default) {
            val ts = threads(2) { indices += barrier.waitBlocking(30.0) }
            List(2) { async { barrier.wait(30.seconds) } }.awaitAll().forEach { indices += it }
            ts.joinAll()
        }
        indices.toList() shouldContainExactlyInAnyOrder listOf(0, 1, 2, 3)
    }

    test("Queue, SimpleQueue, LifoQueue, PriorityQueue: thread producers, coroutine consumers, nothing lost") {
        val q = Queue<Int?>(maxsize = 2)
        val simple = SimpleQueue<Int>()
        val got = ConcurrentLinkedQueue<Int>()
        runBlocking(Dispatchers.Default) {
            val producers = threads(3) { p -> repeat(50) { q.putBlocking(p * 100 + it) }; simple.put(p) }
            val consumers = List(2) { async { while (true) { val item = q.get() ?: break; got += item } } }
            producers.joinAll()
            repeat(2) { q.put(null) }
            consumers.awaitAll()
            withTimeout(30.seconds) { List(3) { simple.get() } }.sorted() shouldBe listOf(0, 1, 2)
        }
        got.toList() shouldContainExactlyInAnyOrder (0 until 3).flatMap { p -> (0 until 50).map { p * 100 + it } }

        val lifo = LifoQueue<Int>()
        val prio = PriorityQueue<Int>()
        val filler = Thread { listOf(3, 1, 2).forEach { lifo.putBlocking(it); prio.putBlocking(it) } }
        filler.start(); filler.joinBlocking()
        runBlocking { List(3) { lifo.get() } shouldBe listOf(2, 1, 3); List(3) { prio.get() } shouldBe listOf(1, 2, 3) }
    }

    test("JoinableQueue: worker threads call taskDone, a coroutine's join waits for them all") {
        val q = JoinableQueue<Int>()
        val done = AtomicInteger()
        val workers = List(2) {
            Thread(daemon = true) {
                while (true) {
                    val item = try { q.getBlocking() } catch (_: InterruptedException) { return@Thread }
                    if (item < 0) { q.taskDone(); return@Thread }
                    done.incrementAndGet()
                    q.taskDone()
                }
            }
        }
        workers.forEach { it.start() }
        runBlocking(Dispatchers.Default) {
            repeat(20) { q.put(it) }
            withTimeout(30.seconds) { q.join() }
            done.get() shouldBe 20
            repeat(2) { q.put(-1) }
            workers.joinAll()
        }
    }

    test("a thread blocked in a queue's get ends with InterruptedException when interrupted") {
        val q = Queue<Int>()
        val error = AtomicReference<Throwable>()
        val t = Thread { error.set(runCatching { q.getBlocking() }.exceptionOrNull()) }
        t.start()
        while (!t.isAlive()) java.lang.Thread.onSpinWait()
        t.jvm!!.interrupt()
        t.joinBlocking(30.0)
        (error.get() is InterruptedException).shouldBeTrue()
        runBlocking { kotlinx.coroutines.delay(1.milliseconds) }
    }
})
