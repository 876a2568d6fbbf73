package dev.coprocessing.thread

import dev.coprocessing.SystemExit
import dev.coprocessing.UnraisableHook
import dev.coprocessing.UnraisableHookArgs
import dev.coprocessing.currentProcess
import dev.coprocessing.internal.VirtualThreads
import dev.coprocessing.runMultiprocessing
import dev.coprocessing.unraisablehook
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/** A bounded wait: fails the test instead of hanging. */
internal fun CountDownLatch.awaitOrFail(what: String) {
    check(await(30, TimeUnit.SECONDS)) { "timed out waiting for $what" }
}

/** Runs [body] with every report of the library collected instead of printed. */
internal inline fun collectingReports(body: (ConcurrentLinkedQueue<UnraisableHookArgs>) -> Unit) {
    val reports = ConcurrentLinkedQueue<UnraisableHookArgs>()
    unraisablehook = UnraisableHook { reports += it }
    try {
        body(reports)
    } finally {
        unraisablehook = UnraisableHook.DEFAULT
    }
}

/** A target of a named class: CPython names the thread after the target's function, here after its class. */
private class Download : dev.coprocessing.ThrowingRunnable {
    override fun run() = Unit
}

/** Modelled on CPython's Lib/test/test_threading.py: ThreadTests, the naming and daemon cases. */
class ThreadSpec : FunSpec({

    test("various ops: many threads start, run and end; ident and repr follow the state") {
        val running = AtomicInteger()
        val most = AtomicInteger()
        val gate = java.util.concurrent.Semaphore(3)
        val threads = List(10) {
            Thread {
                gate.acquire()
                try {
                    val now = running.incrementAndGet()
                    most.accumulateAndGet(now) { a, b -> maxOf(a, b) }
                    running.decrementAndGet()
                } finally {
                    gate.release()
                }
            }
        }
        for (t in threads) {
            t.ident.shouldBeNull()
            t.toString() shouldMatch Regex("""<Thread\(Thread-\d+, initial\)>""")
            t.start()
        }
        for (t in threads) t.joinBlocking()
        for (t in threads) {
            t.isAlive().shouldBeFalse()
            t.ident.shouldNotBeNull()
            t.toString() shouldMatch Regex("""<Thread\(Thread-\d+, stopped \d+\)>""")
        }
        (most.get() <= 3).shouldBeTrue()
        running.get() shouldBe 0
    }

    test("a started thread reads started, with its daemon flag and ident; ident equals getIdent() inside") {
        val inside = CountDownLatch(1)
        val release = CountDownLatch(1)
        val seen = AtomicReference<Pair<Long?, Long>>()
        val t = Thread(daemon = true) {
            seen.set(currentThread().ident to getIdent())
            inside.countDown()
            release.await()
        }
        t.start()
        inside.awaitOrFail("the thread to run")
        t.isAlive().shouldBeTrue()
        t.toString() shouldBe "<Thread(${t.name}, started daemon ${t.ident})>"
        seen.get().first shouldBe seen.get().second
        seen.get().first shouldBe t.ident
        release.countDown()
        t.joinBlocking()
    }

    test("default names: Thread-N, Thread-N (Name) after a named target class, none for a lambda; a set name sticks") {
        val a = Thread {}
        val b = Thread(target = Download())
        a.name shouldMatch Regex("""Thread-\d+""")
        b.name shouldMatch Regex("""Thread-\d+ \(Download\)""")
        // CPython's one counter: the second thread's number is the next one.
        b.name.removePrefix("Thread-").substringBefore(' ').toInt() shouldBe a.name.removePrefix("Thread-").toInt() + 1
        Thread(name = "fetcher") {}.name shouldBe "fetcher"
        val c = Thread {}
        c.name = "renamed"
        val seen = AtomicReference<String>()
        val d = Thread { seen.set(java.lang.Thread.currentThread().name) }
        d.name = "jvm-sees-it"
        d.start(); d.joinBlocking()
        seen.get() shouldBe "jvm-sees-it"
        c.name shouldBe "renamed"
    }

    test("subclassing in Kotlin: run() is what the thread does") {
        val log = ConcurrentLinkedQueue<String>()
        class Ticker(private val times: Int) : Thread() {
            override fun run() {
                repeat(times) { log += "${currentThread().name} tick $it" }
            }
        }
        val t = Ticker(3)
        t.start(); t.joinBlocking()
        log.toList() shouldBe List(3) { "${t.name} tick $it" }
        t.toString() shouldStartWith "<Ticker("
    }

    test("currentThread() in a thread this library did not start is a dummy thread, listed and not joinable") {
        val seen = AtomicReference<Thread>()
        val listed = AtomicReference<List<Thread>>()
        val foreign = java.lang.Thread {
            seen.set(currentThread())
            listed.set(enumerate())
        }
        foreign.start(); foreign.join(30_000)
        val dummy = seen.get()
        dummy.name shouldMatch Regex("""Dummy-\d+""")
        dummy.toString() shouldStartWith "<_DummyThread(Dummy-"
        listed.get() shouldContain dummy
        dummy.ident shouldBe foreign.id
        dummy.daemon shouldBe foreign.isDaemon
        dummy.isAlive().shouldBeFalse()
        enumerate() shouldNotContain dummy
        shouldThrow<IllegalStateException> { dummy.joinBlocking() }.message shouldStartWith "cannot join a dummy thread"
    }

    test("mainThread() is MainThread, not a daemon; currentThread() is the same object on one thread") {
        val main = mainThread()
        main.name shouldBe "MainThread"
        main.daemon.shouldBeFalse()
        main.toString() shouldStartWith "<_MainThread(MainThread, "
        currentThread() shouldBe currentThread()
    }

    test("enumerate and activeCount see started threads until they end, in start order") {
        val release = CountDownLatch(1)
        val started = CountDownLatch(3)
        val threads = List(3) { Thread { started.countDown(); release.await() } }
        val before = activeCount()
        threads.forEach { it.start() }
        started.awaitOrFail("three threads")
        val listed = enumerate()
        listed shouldContainAll threads
        listed.filter { it in threads } shouldBe threads
        activeCount() shouldBe before + 3
        release.countDown()
        threads.forEach { it.joinBlocking() }
        enumerate().filter { it in threads }.shouldBeEmpty()
    }

    test("join with a timeout returns with the thread still alive; suspend join waits for the end") {
        val release = CountDownLatch(1)
        val t = Thread { release.await() }
        t.start()
        t.joinBlocking(0.05)
        t.isAlive().shouldBeTrue()
        t.joinBlocking(java.time.Duration.ZERO)
        t.isAlive().shouldBeTrue()
        runBlocking {
            t.join(50.milliseconds)
            t.isAlive().shouldBeTrue()
            release.countDown()
            t.join()
        }
        t.isAlive().shouldBeFalse()
    }

    test("daemon is inherited: from a daemon Thread, not from code that runs as a process, from the main thread's flag") {
        val inner = AtomicReference<Boolean>()
        val outer = Thread(daemon = true) { inner.set(Thread {}.daemon) }
        outer.start(); outer.joinBlocking()
        inner.get() shouldBe true
        val innerOfNonDaemon = AtomicReference<Boolean>()
        val outer2 = Thread(daemon = false) { innerOfNonDaemon.set(Thread {}.daemon) }
        outer2.start(); outer2.joinBlocking()
        innerOfNonDaemon.get() shouldBe false
        runMultiprocessing { Thread {}.daemon } shouldBe false
        val onDaemonJvmThread = AtomicReference<Boolean>()
        val jvm = java.lang.Thread { onDaemonJvmThread.set(Thread {}.daemon) }.apply { isDaemon = true }
        jvm.start(); jvm.join(30_000)
        onDaemonJvmThread.get() shouldBe true
    }

    test("a thread runs as the process that started it") {
        runMultiprocessing {
            val seen = AtomicReference<String>()
            val t = Thread { seen.set(currentProcess().name) }
            t.start(); t.join()
            seen.get() shouldBe "MainProcess"
        }
    }

    test("the block joins its non-daemon threads at its end, before it returns") {
        val done = AtomicInteger()
        runMultiprocessing {
            repeat(3) {
                Thread {
                    java.lang.Thread.sleep(100)   // the very thing under test: the block must wait for this
                    done.incrementAndGet()
                }.start()
            }
        }
        done.get() shouldBe 3
    }

    test("a daemon thread never keeps the block alive: it is interrupted at the end, quietly") {
        collectingReports { reports ->
            val started = CountDownLatch(1)
            val interrupted = CountDownLatch(1)
            lateinit var daemon: Thread
            runMultiprocessing {
                daemon = Thread(daemon = true) {
                    started.countDown()
                    try {
                        CountDownLatch(1).await()   // forever, unless interrupted
                    } catch (e: InterruptedException) {
                        interrupted.countDown()
                        throw e
                    }
                }
                daemon.start()
                started.awaitOrFail("the daemon to start")
            }
            interrupted.awaitOrFail("the daemon to be interrupted")
            daemon.joinBlocking(30.0)
            daemon.isAlive().shouldBeFalse()
            reports.shouldBeEmpty()
        }
    }

    test("daemon threads run on while the block waits for its non-daemon threads (seed 003)") {
        val log = ConcurrentLinkedQueue<String>()
        val daemonRan = CountDownLatch(1)
        val mainLogged = CountDownLatch(1)
        runMultiprocessing {
            Thread(daemon = true) {
                log += "daemon started"
                daemonRan.countDown()
                CountDownLatch(1).await()
            }.start()
            Thread {
                daemonRan.awaitOrFail("the daemon")
                mainLogged.awaitOrFail("the main body")
                log += "non-daemon done"
            }.start()
            log += "main body done"
            mainLogged.countDown()
        }
        log.toList().last() shouldBe "non-daemon done"
        log.toList() shouldContain "daemon started"
    }

    test("a failing block interrupts its non-daemon threads, then waits for them") {
        val ended = CountDownLatch(1)
        shouldThrow<IllegalArgumentException> {
            runMultiprocessing {
                Thread {
                    try {
                        CountDownLatch(1).await()
                    } catch (_: InterruptedException) {
                        ended.countDown()
                    }
                }.start()
                throw IllegalArgumentException("the body fails")
            }
        }
        ended.count shouldBe 0L
    }

    test("a thread outside every block is a plain JVM thread: non-daemon by default on the main thread's rule") {
        val t = Thread(daemon = false) {}
        t.start()
        t.jvm!!.isDaemon.shouldBeFalse()
        t.joinBlocking()
        val d = Thread(daemon = true) {}
        d.start()
        d.jvm!!.isDaemon.shouldBeTrue()
        d.joinBlocking()
    }

    test("what run() throws goes to the default excepthook: Exception in thread <name>: and the trace") {
        collectingReports { reports ->
            val t = Thread(name = "boom") { throw IllegalStateException("kaboom") }
            t.start(); t.joinBlocking()
            reports shouldHaveSize 1
            reports.single().errMsg shouldBe "Exception in thread boom:"
            reports.single().excValue!!.message shouldBe "kaboom"
        }
    }

    test("a custom excepthook gets excType, excValue and thread; SystemExit is ignored by the default") {
        val got = AtomicReference<ExceptHookArgs>()
        excepthook = { got.set(it) }
        try {
            val t = Thread { throw ArithmeticException("x") }
            t.start(); t.joinBlocking()
            got.get().excType shouldBe ArithmeticException::class.java
            got.get().excValue.message shouldBe "x"
            got.get().thread shouldBe t
        } finally {
            excepthook = defaultExcepthook
        }
        collectingReports { reports ->
            val t = Thread { throw SystemExit(3) }
            t.start(); t.joinBlocking()
            reports.shouldBeEmpty()
        }
    }

    test("the Java view of excepthook: a Consumer sets it; a hook read back sets that very hook again") {
        val got = AtomicReference<ExceptHookArgs>()
        setExcepthook(java.util.function.Consumer { got.set(it) })
        try {
            val t = Thread(name = "from-java") { throw ArithmeticException("y") }
            t.start(); t.joinBlocking()
            got.get().thread?.name shouldBe "from-java"
            val hook = excepthook
            setExcepthook(excepthookConsumer())
            (excepthook === hook).shouldBeTrue()
        } finally {
            setExcepthook(defaultExcepthookConsumer())
        }
        (excepthook === defaultExcepthook).shouldBeTrue()
    }

    test("an excepthook that throws is reported as Exception in threading.excepthook:") {
        collectingReports { reports ->
            excepthook = { throw IllegalStateException("hook broke") }
            try {
                val t = Thread { throw RuntimeException("first") }
                t.start(); t.joinBlocking()
            } finally {
                excepthook = defaultExcepthook
            }
            reports.single().errMsg shouldBe "Exception in threading.excepthook:"
            reports.single().excValue!!.message shouldBe "hook broke"
        }
    }

    test("nativeId: null before start, the OS id while it runs, the same inside and outside") {
        val inside = AtomicReference<Long?>()
        val ran = CountDownLatch(1)
        val release = CountDownLatch(1)
        val t = Thread { inside.set(getNativeId()); ran.countDown(); release.await() }
        t.nativeId.shouldBeNull()
        t.start()
        ran.awaitOrFail("the thread")
        if (java.io.File("/proc/thread-self").exists()) {
            inside.get().shouldNotBeNull()
            t.nativeId shouldBe inside.get()
        }
        release.countDown()
        t.joinBlocking()
        t.nativeId shouldBe inside.get()
    }

    test("virtual = true: a virtual thread on JDK 21+, a clear refusal on older JVMs") {
        if (VirtualThreads.available) {
            val seen = AtomicReference<Boolean>()
            val t = Thread(virtual = true) { seen.set(VirtualThreads.isVirtual(java.lang.Thread.currentThread())) }
            t.start(); t.joinBlocking()
            seen.get() shouldBe true
            t.nativeId.shouldBeNull()
            runBlocking { withContext(Dispatchers.Default) { Thread(virtual = true) {}.apply { start() }.join(5.seconds) } }
        } else {
            shouldThrow<UnsupportedOperationException> { Thread(virtual = true) {} }.message shouldContain "JDK 21"
        }
    }

    context("bad input") {
        test("starting twice: threads can only be started once") {
            val t = Thread {}
            t.start()
            shouldThrow<IllegalStateException> { t.start() }.message shouldBe "threads can only be started once"
            t.joinBlocking()
            shouldThrow<IllegalStateException> { t.start() }.message shouldBe "threads can only be started once"
        }

        test("joining before start: cannot join thread before it is started") {
            val t = Thread {}
            shouldThrow<IllegalStateException> { t.joinBlocking() }.message shouldStartWith "cannot join thread before it is started"
            shouldThrow<IllegalStateException> { runBlocking { t.join() } }.message shouldStartWith "cannot join thread before it is started"
        }

        test("a thread joining itself: cannot join current thread") {
            val error = AtomicReference<Throwable>()
            lateinit var t: Thread
            t = Thread { error.set(runCatching { t.joinBlocking() }.exceptionOrNull()) }
            t.start(); t.joinBlocking()
            (error.get() as IllegalStateException).message shouldStartWith "cannot join current thread"
            val suspendError = AtomicReference<Throwable>()
            lateinit var u: Thread
            u = Thread { suspendError.set(runCatching { runBlocking { u.join() } }.exceptionOrNull()) }
            u.start(); u.joinBlocking()
            (suspendError.get() as IllegalStateException).message shouldStartWith "cannot join current thread"
        }

        test("setting daemon after start: cannot set daemon status of active thread") {
            val t = Thread {}
            t.daemon = true
            t.start()
            shouldThrow<IllegalStateException> { t.daemon = false }.message shouldStartWith "cannot set daemon status of active thread"
            t.joinBlocking()
            shouldThrow<IllegalStateException> { mainThread().daemon = true }
        }

        test("a negative join timeout is refused") {
            val t = Thread {}
            t.start()
            shouldThrow<IllegalArgumentException> { t.joinBlocking(-1.0) }.message shouldStartWith "'timeout' must be a non-negative number"
            t.joinBlocking()
        }
    }
})
