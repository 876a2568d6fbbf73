package dev.coprocessing.reliability

import dev.coprocessing.context.Context
import dev.coprocessing.context.getContext
import dev.coprocessing.context.setStartMethod
import dev.coprocessing.currentProcess
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.asCompleted
import dev.coprocessing.manager.Manager
import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.pool.Pool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.PriorityQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.BoundedSemaphore
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import dev.coprocessing.thread.Thread
import dev.coprocessing.thread.Timer
import dev.coprocessing.thread.currentThread
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.CountDownLatch
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import dev.coprocessing.manager.Array as SharedArrayOf
import dev.coprocessing.manager.Value as SharedValueOf

/**
 * The misuses of docs/bad-input.md, one test each, named by the catalogue's id. Each test makes the misuse and
 * asserts that it throws exactly the exception the catalogue names, with a message containing the catalogue's
 * text, so the page and the library cannot drift apart. Where it matters, the test also checks that the object
 * is as it was before the bad call.
 */
class BadInputSpec : FunSpec({
    val negative = (-1).seconds

    // ---- processes ----------------------------------------------------------------------------------

    rejects("P-01") { multiprocessing { Process { }.apply { start(); start() } } }
    rejects("P-02") { multiprocessing { Process { awaitCancellation() }.apply { start(); try { daemon = true } finally { terminate() } } } }
    rejects("P-03") {
        multiprocessing {
            val orphan = Process { }
            val failure = CompletableDeferred<Throwable?>()
            Process { failure.complete(runCatching { orphan.start() }.exceptionOrNull()) }.start()
            throw failure.await() ?: AssertionError("a child started its parent's process")
        }
    }
    rejects("P-04") { Process { }.start() }
    rejects("P-05") { multiprocessing { currentProcess().start() } }
    rejects("P-07") { multiprocessing { Process { }.join() } }
    rejects("P-08") {
        multiprocessing {
            val failure = CompletableDeferred<Throwable?>()
            lateinit var self: Process
            self = Process { failure.complete(runCatching { self.join() }.exceptionOrNull()) }
            self.start()
            throw failure.await() ?: AssertionError("a process joined itself")
        }
    }
    rejects("P-09") {
        multiprocessing {
            val failure = CompletableDeferred<Throwable?>()
            lateinit var parent: Process
            parent = Process {
                val child = Process { failure.complete(runCatching { parent.join() }.exceptionOrNull()) }
                child.start()
                child.join()
            }
            parent.start()
            throw failure.await() ?: AssertionError("a process joined its parent")
        }
    }
    rejects("P-10") { multiprocessing { currentProcess().terminate() } }
    rejects("P-11") { multiprocessing { Process { }.terminate() } }
    rejects("P-12") {
        multiprocessing {
            val p = Process { awaitCancellation() }
            p.start()
            try { p.close() } finally { p.terminate() }
        }
    }
    rejects("P-13") { multiprocessing { Process { }.apply { close() }.start() } }
    rejects("P-14") {
        multiprocessing {
            val failure = CompletableDeferred<Throwable?>()
            Process { failure.complete(runCatching { multiprocessing { } }.exceptionOrNull()) }.start()
            throw failure.await() ?: AssertionError("a block opened inside a process")
        }
    }
    rejects("P-15") { multiprocessing { Process { }.apply { start() }.join(timeout = negative) } }
    rejects("P-16") { sleep(-0.5) }

    // ---- locks ----------------------------------------------------------------------------------------

    rejects("S-01") { Lock().release() }
    rejects("S-02") {
        multiprocessing {
            val lock = Lock()
            lock.acquire()
            lock.acquire()
        }
    }
    rejects("S-03") { RLock().release() }
    rejects("S-04") {
        val lock = RLock()
        val held = CountDownLatch(1)
        val done = CountDownLatch(1)
        val holder = java.lang.Thread { lock.acquireBlocking(); held.countDown(); done.await(); lock.release() }
        holder.start()
        held.await()
        try {
            lock.release()
        } finally {
            done.countDown()
            holder.join(10_000)
        }
    }
    rejects("S-05") { Lock().acquire(block = false, timeout = 1.seconds) }
    rejects("S-06") { Semaphore(-1) }
    rejects("S-07") {
        val sem = BoundedSemaphore(2)
        try {
            sem.release()
        } finally {
            sem.getValue() shouldBe 2 // the refused release changed nothing
        }
    }
    rejects("S-08") { Semaphore(1).release(0) }
    rejects("S-09") { Semaphore(Int.MAX_VALUE).release() }
    rejects("S-10") { Condition().wait() }
    rejects("S-11") { Condition().waitFor { true } }
    rejects("S-12") { Condition().notify() }
    rejects("S-13") { Condition().let { c -> c.withLock { c.notify(-1) } } }
    rejects("S-14") { Barrier(0) }
    rejects("S-15") { Barrier(2).apply { abort() }.wait() }
    rejects("S-16", "Event.wait") { Event().wait(timeout = negative) }
    rejects("S-16", "Lock.acquire") { Lock().acquire(timeout = negative) }
    rejects("S-16", "Condition.wait") { Condition().let { c -> c.withLock { c.wait(timeout = negative) } } }
    rejects("S-16", "Barrier.wait") { Barrier(2).wait(timeout = negative) }

    // ---- queues ---------------------------------------------------------------------------------------

    rejects("Q-01") { Queue<Int>().apply { close() }.put(1) }
    rejects("Q-02") { Queue<Int>().apply { putNowait(1); close() }.get() }
    rejects("Q-03") { Queue<Int>().apply { close() }.empty() }
    rejects("Q-04") {
        val q = JoinableQueue<Int>()
        q.put(1)
        q.get()
        q.taskDone()
        q.taskDone()
    }
    rejects("Q-05") { Queue<Int>().joinThread() }
    rejects("Q-06") {
        val q = Queue<Int>()
        q.put(1)
        q.shutdown()
        try {
            q.put(2)
        } finally {
            q.get() shouldBe 1 // what was queued before the shutdown is still there
        }
    }
    rejects("Q-07") { Queue<Int>().apply { shutdown() }.get() }
    rejects("Q-08", "get") { Queue<Int>().get(timeout = negative) }
    rejects("Q-08", "put") { Queue<Int>().put(1, timeout = negative) }
    rejects("Q-09") { PriorityQueue<Any>().put(Any()) }
    rejects("Q-10") {
        val q = PriorityQueue<Any>()
        q.put(1)
        try {
            q.put("one")
        } finally {
            q.qsize() shouldBe 1
        }
    }
    rejects("Q-11") {
        val q = PriorityQueue<Int?>(comparator = naturalOrder<Int>() as Comparator<in Int?>)
        q.put(1)
        q.put(null)
    }

    // ---- pipes ----------------------------------------------------------------------------------------

    rejects("C-01") { Pipe<Int>().first.apply { close() }.send(1) }
    rejects("C-02") { Pipe<Int>().first.apply { close() }.recv() }
    rejects("C-03") { Pipe<Int>(duplex = false).second.recv() }
    rejects("C-04") { Pipe<Int>(duplex = false).first.send(1) }
    rejects("C-05") {
        val (a, b) = Pipe<Any?>()
        a.sendBytes(byteArrayOf(1, 2))
        try {
            b.recv()
        } finally {
            b.recvBytes().toList() shouldBe listOf<Byte>(1, 2) // the message stays in the pipe
        }
    }
    rejects("C-06") {
        val (a, b) = Pipe<Any?>()
        a.send("text")
        try {
            b.recvBytes()
        } finally {
            b.recv() shouldBe "text"
        }
    }
    rejects("C-07") { Pipe<Any?>().first.sendBytes(ByteArray(4), offset = -1) }
    rejects("C-08") { Pipe<Any?>().first.sendBytes(ByteArray(4), offset = 5) }
    rejects("C-09") { Pipe<Any?>().first.sendBytes(ByteArray(4), offset = 0, size = -1) }
    rejects("C-10") { Pipe<Any?>().first.sendBytes(ByteArray(4), offset = 2, size = 3) }
    rejects("C-11") { Pipe<Any?>().first.recvBytes(maxlength = -1) }
    rejects("C-12") { Pipe<Any?>().first.recvBytesInto(ByteArray(4), offset = 5) }
    rejects("C-13") {
        val (a, b) = Pipe<Any?>()
        a.sendBytes(ByteArray(8))
        b.recvBytes(maxlength = 4)
    }
    rejects("C-14") {
        val (a, b) = Pipe<Int>()
        b.close()
        a.send(1)
    }
    rejects("C-15") { Pipe<Int>().first.poll(timeout = negative) }

    // ---- pools ----------------------------------------------------------------------------------------

    rejects("L-01") { Pool(0) }
    rejects("L-02") { Pool(1, maxtasksperchild = 0) }
    rejects("L-03") { withPool(Pool(1)) { it.join() } }
    rejects("L-04") {
        withPool(Pool(1)) { pool ->
            val failure = CompletableDeferred<Throwable?>()
            pool.applyAsync(callback = { _: Int -> pool.close(); failure.complete(runCatching { pool.join() }.exceptionOrNull()) }) { 1 }
            throw withTimeout(30.seconds) { failure.await() } ?: AssertionError("join() from a callback returned")
        }
    }
    rejects("L-05") {
        withPool(Pool(2)) { pool ->
            pool.apply { pool.close(); pool.join() }
        }
    }
    rejects("L-06") { withPool(Pool(1)) { it.close(); it.apply { 1 } } }
    rejects("L-07") { withPool(Pool(1)) { it.terminate(); it.apply { 1 } } }
    rejects("L-08") {
        withPool(Pool(1)) { pool ->
            val flow = pool.imap(listOf(1, 2)) { it }
            flow.toList() shouldBe listOf(1, 2)
            flow.toList()
        }
    }
    rejects("L-09") { withPool(Pool(1)) { it.map(listOf(1), chunksize = 0) { x -> x } } }
    rejects("L-10") {
        withPool(Pool(1)) { pool ->
            val gate = CompletableDeferred<Unit>()
            val r = pool.applyAsync { gate.await(); 1 }
            try { r.successful() } finally { gate.complete(Unit) }
        }
    }
    rejects("L-11") {
        withPool(Pool(1)) { pool ->
            val results = pool.imapBlocking(listOf(1)) { it }
            results.next() shouldBe 1
            results.hasNext() shouldBe false
            results.next()
        }
    }
    rejects("L-12") { withPool(Pool(1)) { it.applyAsync { 1 }.get(timeout = negative) } }

    // ---- executors ------------------------------------------------------------------------------------

    rejects("E-01", "ThreadPoolExecutor") { ThreadPoolExecutor(0) }
    rejects("E-01", "ProcessPoolExecutor") { ProcessPoolExecutor(0) }
    rejects("E-02") { ProcessPoolExecutor(1, maxTasksPerChild = 0) }
    rejects("E-03") { ThreadPoolExecutor(1).apply { shutdown() }.submit { 1 } }
    rejects("E-04") { ThreadPoolExecutor(1).use { it.map(listOf(1), chunksize = 0) { x -> x } } }
    rejects("E-05") { ThreadPoolExecutor(1).use { it.map(listOf(1), buffersize = 0) { x -> x } } }
    rejects("E-06") {
        ThreadPoolExecutor(1).use { ex ->
            val flow = ex.map(listOf(1, 2)) { it }
            flow.toList() shouldBe listOf(1, 2)
            flow.toList()
        }
    }
    rejects("E-07") {
        ThreadPoolExecutor(1).use { ex ->
            val flow = asCompleted(listOf(ex.submit { 1 }))
            flow.collect { }
            flow.collect { }
        }
    }
    rejects("E-08") { ThreadPoolExecutor(1).use { it.submit { 1 }.result(timeout = negative) } }
    rejects("E-09") {
        val ex = ThreadPoolExecutor(1)
        ex.shutdown()
        ex.asExecutorService().submit { }
    }
    rejects("E-10") {
        val ex = ThreadPoolExecutor(1)
        val dispatcher = ex.asCoroutineDispatcher()
        ex.shutdown()
        withContext(dispatcher) { 1 }
    }

    // ---- managers -------------------------------------------------------------------------------------

    rejects("M-01") { Manager().apply { shutdown() }.dict<String, Int>() }
    rejects("M-02") {
        val m = Manager()
        val d = m.dict<String, Int>()
        m.shutdown()
        d["a"] = 1
    }
    rejects("M-03") { manager { Array(-1) } }
    rejects("M-04") { SharedArrayOf(-1) }
    rejects("M-05") { SharedValueOf(1, lock = false).getLock() }
    rejects("M-06") { SharedArrayOf(3, lock = false).getLock() }
    rejects("M-07", "getValue") { manager { dict<String, Int>().getValue("missing") } }
    rejects("M-07", "pop") { manager { dict<String, Int>().pop("missing") } }
    rejects("M-08") { manager { dict<String, Int>().popitem() } }
    rejects("M-09") { manager { dict<String, Int>().keys.add("k") } }
    rejects("M-10") { manager { dict<String, Int>().entries.add(java.util.AbstractMap.SimpleEntry("k", 1)) } }
    rejects("M-11") { manager { dict<String, Int>().values.add(1) } }
    rejects("M-12") { manager { dict(mapOf("k" to 1)).entries.iterator().remove() } }
    rejects("M-13") {
        manager {
            dict<String, Int>(name = "shared")
            list<Int>(name = "shared")
        }
    }
    rejects("M-14") { manager { list(listOf(1, 2)).index(3) } }
    rejects("M-15") { manager { list(listOf(1, 2))[5] } }
    rejects("M-16") { SharedArrayOf(3)[3] }
    rejects("M-17") { manager { Namespace()["x"] } }

    // ---- threads --------------------------------------------------------------------------------------

    rejects("T-01") {
        val t = Thread { }
        t.start()
        t.joinBlocking()
        t.start()
    }
    rejects("T-02") {
        val release = CountDownLatch(1)
        val t = Thread { release.await() }
        t.start()
        try { t.daemon = true } finally { release.countDown(); t.joinBlocking() }
    }
    rejects("T-03") { Thread { }.joinBlocking() }
    rejects("T-04") {
        val failure = CompletableDeferred<Throwable?>()
        lateinit var t: Thread
        t = Thread { failure.complete(runCatching { t.joinBlocking() }.exceptionOrNull()) }
        t.start()
        t.joinBlocking()
        throw failure.await() ?: AssertionError("a thread joined itself")
    }
    rejects("T-05") {
        // currentThread() on a thread the library did not start is a dummy thread, as in CPython.
        val dummy = CompletableDeferred<Thread>()
        val plain = java.lang.Thread { dummy.complete(currentThread()) }
        plain.start()
        plain.join(10_000)
        dummy.await().joinBlocking()
    }
    rejects("T-06") { Timer(-1.0) { } }

    // ---- contexts -------------------------------------------------------------------------------------

    rejects("X-01") { getContext("fork") }
    rejects("X-02") { setStartMethod("forkserver") }
    rejects("X-04") { getContext("coroutine").withJvmOptions("-Xmx64m") }

    // ---- diagnosis ------------------------------------------------------------------------------------

    rejects("D-01") { multiprocessing(deadlockCheck = null, failOnDeadlock = true) { } }
    rejects("D-02") { multiprocessing(deadlockCheck = Duration.ZERO) { } }
})

/**
 * A test of catalogued misuse [id]: [call] must throw exactly the exception docs/bad-input.md names for it, with
 * a message containing the text it gives. A case tested in several forms names each [form].
 */
private fun FunSpec.rejects(id: String, form: String? = null, call: suspend () -> Any?) {
    val case = BadInput.case(id)
    val name = "$id: ${case.misuse}" + (form?.let { " ($it)" } ?: "")
    test(name) {
        withTimeout(60.seconds) {
            val e = shouldThrowAny { call() }
            withClue("$id threw ${e.javaClass.name}: ${e.message}") {
                e.javaClass.simpleName shouldBe case.exception
                (e.message ?: "") shouldContain case.message
            }
        }
    }
}

/** Runs [body] with [pool], which is terminated and joined afterwards whatever happens. */
private suspend fun <T> withPool(pool: Pool, body: suspend (Pool) -> T): T = try {
    body(pool)
} finally {
    pool.terminate()
    pool.join()
}
