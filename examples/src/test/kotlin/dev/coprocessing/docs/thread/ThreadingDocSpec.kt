package dev.coprocessing.docs.thread

import dev.coprocessing.currentProcess
import dev.coprocessing.pool.ThreadPool
import dev.coprocessing.runMultiprocessing
import dev.coprocessing.sync.Event
import dev.coprocessing.thread.ExceptHookArgs
import dev.coprocessing.thread.Thread
import dev.coprocessing.thread.Timer
import dev.coprocessing.thread.currentThread
import dev.coprocessing.thread.defaultExcepthook
import dev.coprocessing.thread.enumerate
import dev.coprocessing.thread.excepthook
import dev.coprocessing.thread.local
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration.Companion.milliseconds

/** The Kotlin blocks of docs/threading.md, each run as a test, with what the page says they print checked. */
class ThreadingDocSpec : FunSpec({

    test("start and join") {
        // doc:start docs/threading.md
        val lengths = ConcurrentHashMap<String, Int>()
        val threads = listOf("a", "bb", "ccc").map { word ->
            Thread(name = "count-$word") { lengths[word] = word.length }
        }
        threads.forEach { it.start() }
        threads.forEach { it.joinBlocking() }
        println(lengths.toSortedMap())   // {a=1, bb=2, ccc=3}
        // doc:end
        lengths.toSortedMap().toString() shouldBe "{a=1, bb=2, ccc=3}"
    }

    test("a block waits for its non-daemon threads") {
        val seen = ConcurrentLinkedQueue<String>()
        fun println(line: String) { seen += line }
        // doc:start docs/threading.md
        runMultiprocessing {
            val mainDone = Event()
            Thread { mainDone.waitBlocking(); println("worker: done") }.start()
            Thread(daemon = true) { while (true) java.lang.Thread.sleep(50) }.start()
            println("main: done")
            mainDone.set()
        }   // the body has returned: the block waits for the worker, then interrupts the daemon
        println("after the block")
        // doc:end
        seen.toList() shouldBe listOf("main: done", "worker: done", "after the block")
    }

    test("timer, local and excepthook") {
        val fired = AtomicReference<String>()
        fun println(line: String) { fired.set(line) }
        // doc:start docs/threading.md
        val reminder = Timer(100.milliseconds) { println("time is up") }
        reminder.start()
        reminder.joinBlocking()

        val request = local<String>()
        request.value = "main's"
        val t = Thread { println("${request.value}") }   // null: this thread never set it
        t.start(); t.joinBlocking()
        // doc:end
        fired.get() shouldBe "null"
        val failures = ConcurrentLinkedQueue<ExceptHookArgs>()
        // doc:start docs/threading.md
        excepthook = { args -> failures += args }
        try {
            Thread(name = "doomed") { error("boom") }.apply { start(); joinBlocking() }
        } finally {
            excepthook = defaultExcepthook
        }
        // failures.single().thread?.name == "doomed"
        // doc:end
        failures.single().thread?.name shouldBe "doomed"
    }

    test("thread pool") {
        // doc:start docs/threading.md
        runMultiprocessing {
            val pool = ThreadPool(4)
            val names = pool.map(1..8) { currentThread().name }.toSet()
            println(names.all { it.endsWith(" (worker)") })               // true
            println(pool.apply { currentProcess().name })                 // MainProcess
            println(enumerate().count { it.name.endsWith(" (worker)") })  // 4
            pool.close()
            pool.join()
        }
        // doc:end
    }
})
