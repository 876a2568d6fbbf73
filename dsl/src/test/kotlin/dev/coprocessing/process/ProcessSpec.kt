package dev.coprocessing.process

import dev.coprocessing.activeChildren
import dev.coprocessing.currentProcess
import dev.coprocessing.exit
import dev.coprocessing.multiprocessing
import dev.coprocessing.parentProcess
import dev.coprocessing.runMultiprocessing
import dev.coprocessing.sleep
import dev.coprocessing.ThrowingRunnable
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import java.util.Collections
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlin.concurrent.thread
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

class ProcessSpec : FunSpec({

    test("start and join run the target once and record exit code 0") {
        runTest {
            val log = mutableListOf<String>()
            multiprocessing {
                val p = Process { log += "ran in ${currentProcess().name}" }
                p.exitCode.shouldBeNull()
                p.pid.shouldBeNull()
                p.start()
                p.isAlive() shouldBe true
                p.join()
                p.isAlive() shouldBe false
                p.exitCode shouldBe 0
            }
            log shouldContainExactly listOf("ran in Process-1")
        }
    }

    test("default names follow CPython, nested children included") {
        runTest {
            val names = Collections.synchronizedList(mutableListOf<String>())
            multiprocessing {
                currentProcess().name shouldBe "MainProcess"
                val p1 = Process {
                    names += currentProcess().name
                    val c1 = Process { names += currentProcess().name }
                    val c2 = Process { names += currentProcess().name }
                    c1.start(); c1.join(); c2.start(); c2.join()
                }
                val p2 = Process { names += currentProcess().name }
                p1.start(); p1.join(); p2.start(); p2.join()
            }
            names shouldContainExactly listOf("Process-1", "Process-1:1", "Process-1:2", "Process-2")
        }
    }

    test("a subclass overrides run and gets its class name") {
        class Server(private val out: MutableList<String>) : Process() {
            override suspend fun run() {
                out += "serving as $name"
            }
        }
        runTest {
            val out = mutableListOf<String>()
            multiprocessing {
                val s = Server(out)
                s.start()
                s.join()
                s.exitCode shouldBe 0
            }
            out shouldContainExactly listOf("serving as Server-1")
        }
    }

    test("a subclass that overrides neither run fails at start, saying what to override") {
        class Idle : Process()
        runTest {
            multiprocessing {
                val idle = Idle()
                shouldThrow<IllegalStateException> { idle.start() }.message shouldContain
                    "overrides neither run(): override suspend fun run() (Kotlin) or public void run() (Java)"
                idle.isAlive() shouldBe false
                val given = object : Process(target = { }) {}   // a target is enough
                given.start()
                given.join()
                given.exitCode shouldBe 0
            }
        }
    }

    test("a Kotlin override of the blocking run is refused, since Java's name for it is run()") {
        class Misnamed : Process() {
            override fun runBlocking() = Unit
        }
        class MisnamedWithTarget : Process(target = { }) {
            override fun runBlocking() = Unit
        }
        runTest {
            multiprocessing {
                shouldThrow<IllegalStateException> { Misnamed().start() }.message shouldContain
                    "override suspend fun run() instead"
                shouldThrow<IllegalStateException> { MisnamedWithTarget().start() }.message shouldContain
                    "override suspend fun run() instead"
            }
        }
    }

    test("pid is unique and ppid is the parent's pid; the main process has the JVM's pid") {
        runTest {
            multiprocessing {
                val main = currentProcess()
                main.pid shouldBe ProcessHandle.current().pid()
                val seen = CompletableDeferred<Pair<Long?, Long?>>()
                val p = Process { seen.complete(currentProcess().pid to parentProcess()?.pid) }
                p.start()
                p.join()
                val (childPid, parentPid) = seen.await()
                childPid shouldBe p.pid
                parentPid shouldBe main.pid
                p.ppid shouldBe main.pid
                p.ident shouldBe p.pid
                val q = Process { }
                q.start(); q.join()
                (q.pid!! > p.pid!!) shouldBe true
            }
        }
    }

    test("a throwing target ends with exit code 1 and keeps the exception; siblings and parent go on") {
        runTest {
            multiprocessing {
                val bad = Process { error("boom") }
                val good = Process { sleep(1.0) }
                bad.start(); good.start()
                bad.join(); good.join()
                bad.exitCode shouldBe 1
                bad.exception!!.message shouldBe "boom"
                good.exitCode shouldBe 0
                good.exception.shouldBeNull()
            }
        }
    }

    test("exit(n) sets the exit code without printing") {
        runTest {
            multiprocessing {
                val p = Process { exit(3) }
                p.start(); p.join()
                p.exitCode shouldBe 3
                p.exception.shouldBeNull()
            }
        }
    }

    test("terminate is asynchronous and gives -15; kill gives -9") {
        runTest {
            multiprocessing {
                val p = Process { while (true) sleep(0.5) }
                p.start()
                sleep(2.0)
                p.terminate()
                p.isAlive() shouldBe true   // asynchronous, as in CPython
                p.join()
                p.isAlive() shouldBe false
                p.exitCode shouldBe -15
                val k = Process { awaitCancellation() }
                k.start()
                k.kill()
                k.join()
                k.exitCode shouldBe -9
            }
        }
    }

    test("terminating a process terminates its children") {
        runTest {
            val child = CompletableDeferred<Process>()
            multiprocessing {
                val p = Process {
                    val c = Process { awaitCancellation() }
                    c.start()
                    child.complete(c)
                    awaitCancellation()
                }
                p.start()
                val c = child.await()
                p.terminate()
                p.join()
                c.isAlive() shouldBe false
                c.exitCode shouldBe -15
                p.exitCode shouldBe -15
            }
        }
    }

    test("join with a timeout returns while the process still runs") {
        runTest {
            multiprocessing {
                val p = Process { sleep(10.0) }
                p.start()
                p.join(timeout = 1.seconds)
                p.isAlive() shouldBe true
                currentTime shouldBe 1000
                p.join()
                p.exitCode shouldBe 0
                currentTime shouldBe 10_000
            }
        }
    }

    test("seed 000: the daemon son1 stops when the main body ends after 2 s; son2 prints 5 times") {
        runTest {
            val out = Collections.synchronizedList(mutableListOf<String>())
            multiprocessing {
                val son1 = Process {
                    while (true) {
                        out += "son1 alive @$currentTime"
                        sleep(0.5)
                    }
                }
                son1.daemon = true
                son1.start()
                val son2 = Process {
                    repeat(5) {
                        out += "son2222 @$currentTime"
                        sleep(1.0)
                    }
                }
                son2.start()
                sleep(2.0)
            }
            out.filter { it.startsWith("son2222") }.size shouldBe 5
            // The daemon printed at 0, 0.5, 1.0 and 1.5 s, and not after the main body ended at 2 s.
            out.filter { it.startsWith("son1") } shouldContainExactly
                listOf("son1 alive @0", "son1 alive @500", "son1 alive @1000", "son1 alive @1500")
            currentTime shouldBe 5000   // the main process waited for son2
        }
    }

    test("virtual time: a seed program that sleeps 50 s takes no real time under runTest") {
        val realStart = System.nanoTime()
        runTest {
            multiprocessing {
                val emperor = Process { sleep(50.0) }
                emperor.start()
                emperor.join()
                currentTime shouldBe 50_000
            }
        }
        val realSeconds = (System.nanoTime() - realStart) / 1e9
        // Generous: the point is that 50 s of sleeping did not happen in real time.
        (realSeconds < 10.0) shouldBe true
    }

    test("if the main body throws, every child is terminated and joined, then it rethrows") {
        runTest {
            lateinit var p: Process
            val e = shouldThrow<IllegalArgumentException> {
                multiprocessing {
                    p = Process { awaitCancellation() }
                    p.start()
                    throw IllegalArgumentException("body failed")
                }
            }
            e.message shouldBe "body failed"
            p.isAlive() shouldBe false
            p.exitCode shouldBe -15
        }
    }

    test("activeChildren lists live children and forgets ended ones") {
        runTest {
            multiprocessing {
                val a = Process { sleep(1.0) }
                val b = Process { sleep(3.0) }
                a.start(); b.start()
                activeChildren() shouldContainExactly listOf(a, b)
                sleep(2.0)
                activeChildren() shouldContainExactly listOf(b)
                b.join()
                activeChildren().shouldBeEmpty()
            }
        }
    }

    test("toString reads like CPython's repr") {
        runTest {
            multiprocessing {
                val p = Process(name = "worker", daemon = true) { awaitCancellation() }
                p.toString() shouldMatch Regex("<Process name='worker' parent=\\d+ initial daemon>")
                p.start()
                p.toString() shouldMatch Regex("<Process name='worker' pid=\\d+ parent=\\d+ started daemon>")
                p.terminate(); p.join()
                p.toString() shouldMatch Regex("<Process name='worker' pid=\\d+ parent=\\d+ stopped exitcode=SIGTERM daemon>")
                val q = Process { error("x") }
                q.start(); q.join()
                q.toString() shouldMatch Regex("<Process name='Process-2' pid=\\d+ parent=\\d+ stopped exitcode=1>")
                q.close()
                q.toString() shouldContain "closed"
                currentProcess().toString() shouldBe "<_MainProcess name='MainProcess' parent=None started>"
            }
        }
    }

    test("a blocking Runnable target runs on its own thread and terminate interrupts it") {
        runMultiprocessing {
            val started = CountDownLatch(1)
            val threadName = CompletableDeferred<String>()
            val p = Process(target = ThrowingRunnable {
                threadName.complete(Thread.currentThread().name)
                started.countDown()
                Thread.sleep(60_000) // interrupted by terminate()
            })
            p.start()
            started.await(10, TimeUnit.SECONDS) shouldBe true
            threadName.await() shouldBe "Process-1"
            p.terminate()
            p.join(timeout = 10.seconds)
            p.isAlive() shouldBe false
            p.exitCode shouldBe -15
        }
    }

    test("currentProcess inside a blocking target is that process, and it can start children") {
        runMultiprocessing {
            val names = Collections.synchronizedList(mutableListOf<String>())
            val p = Process(target = ThrowingRunnable {
                names += dev.coprocessing.currentProcess().name
                val child = Process { names += currentProcess().name }
                child.start()
                child.joinBlocking()
            })
            p.start()
            p.join()
            p.exitCode shouldBe 0
            names shouldContainExactly listOf("Process-1", "Process-1:1")
        }
    }

    context("bad input fails at once with the contract's message") {
        test("start twice") {
            runTest {
                multiprocessing {
                    val p = Process { }
                    p.start()
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe "cannot start a process twice"
                    p.join()
                }
            }
        }
        test("set daemon after start") {
            runTest {
                multiprocessing {
                    val p = Process { }
                    p.start()
                    shouldThrow<IllegalStateException> { p.daemon = true }.message shouldStartWith "process has already started"
                    p.join()
                }
            }
        }
        test("join a process never started") {
            runTest {
                multiprocessing {
                    shouldThrow<IllegalStateException> { Process { }.join() }.message shouldStartWith
                        "can only join a started process"
                }
            }
        }
        test("a process joining itself or its ancestor") {
            runTest {
                multiprocessing {
                    val main = currentProcess()
                    shouldThrow<IllegalStateException> { main.join() }.message shouldStartWith "can only join a child process"
                    val errors = Collections.synchronizedList(mutableListOf<String?>())
                    val p = Process {
                        errors += runCatching { currentProcess().join() }.exceptionOrNull()?.message
                        errors += runCatching { main.join() }.exceptionOrNull()?.message
                    }
                    p.start(); p.join()
                    errors.size shouldBe 2
                    errors[0]!! shouldContain "cannot join itself"
                    errors[1]!! shouldContain "cannot join its ancestor MainProcess"
                }
            }
        }
        test("start from a process other than the creator") {
            runTest {
                multiprocessing {
                    val orphan = Process { }
                    val p = Process {
                        shouldThrow<IllegalStateException> { orphan.start() }.message shouldStartWith
                            "can only start a process object created by current process"
                    }
                    p.start(); p.join()
                    p.exitCode shouldBe 0
                }
            }
        }
        test("start outside multiprocessing { }") {
            shouldThrow<IllegalStateException> { Process { }.start() }.message shouldStartWith
                "processes can only be started inside multiprocessing { }"
        }
        test("negative join timeout") {
            runTest {
                multiprocessing {
                    val p = Process { }
                    p.start()
                    shouldThrow<IllegalArgumentException> { p.join(timeout = (-1).seconds) }.message shouldStartWith
                        "'timeout' must be a non-negative number"
                    shouldThrow<IllegalArgumentException> { p.joinBlocking(-1.0) }
                    p.join()
                }
            }
        }
        test("use after close, and closing a running process") {
            runTest {
                multiprocessing {
                    val p = Process { sleep(1.0) }
                    p.start()
                    shouldThrow<IllegalStateException> { p.close() }.message shouldBe
                        "Cannot close a process while it is still running. You should first call join() or terminate()."
                    p.join()
                    p.close()
                    p.close() // twice is fine
                    shouldThrow<IllegalStateException> { p.isAlive() }.message shouldBe "process object is closed"
                    shouldThrow<IllegalStateException> { p.join() }.message shouldBe "process object is closed"
                    shouldThrow<IllegalStateException> { p.exitCode }.message shouldBe "process object is closed"
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe "process object is closed"
                }
            }
        }
        test("nested multiprocessing { } inside a process") {
            runTest {
                multiprocessing {
                    val p = Process { multiprocessing { } }
                    p.start(); p.join()
                    p.exitCode shouldBe 1
                    p.exception.shouldNotBeNull().message!! shouldStartWith "multiprocessing { } cannot be opened inside a process"
                }
            }
        }
    }

    context("each state of the table reports and does what the table says") {
        test("initial: not alive, no exit code, no pid; join and terminate throw, close closes") {
            runTest {
                multiprocessing {
                    val p = Process { }
                    p.isAlive() shouldBe false
                    p.exitCode.shouldBeNull()
                    p.pid.shouldBeNull()
                    p.toString() shouldContain " initial"
                    shouldThrow<IllegalStateException> { p.join() }.message shouldStartWith "can only join a started process"
                    shouldThrow<IllegalStateException> { p.terminate() }.message shouldStartWith "can only terminate a started process"
                    shouldThrow<IllegalStateException> { p.kill() }.message shouldStartWith "can only terminate a started process"
                    p.close()
                    shouldThrow<IllegalStateException> { p.isAlive() }.message shouldBe "process object is closed"
                }
            }
        }

        test("started: alive with a pid and no exit code; start and close throw, join waits") {
            runTest {
                multiprocessing {
                    val p = Process { sleep(5.0) }
                    p.start()
                    p.isAlive() shouldBe true
                    p.exitCode.shouldBeNull()
                    p.pid.shouldNotBeNull()
                    p.toString() shouldContain " started"
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe "cannot start a process twice"
                    shouldThrow<IllegalStateException> { p.close() }.message shouldStartWith "Cannot close a process while it is still running"
                    p.join(timeout = 1.seconds)
                    p.isAlive() shouldBe true   // join waited for the timeout, not for the end
                    p.join(timeout = 10.seconds)
                    p.exitCode shouldBe 0
                }
            }
        }

        test("stopping: still alive until it ends; the first signal gives the exit code") {
            runTest {
                multiprocessing {
                    val running = CompletableDeferred<Unit>()
                    val gate = CompletableDeferred<Unit>()
                    val p = Process {
                        try {
                            running.complete(Unit)
                            awaitCancellation()
                        } finally {
                            withContext(NonCancellable) { gate.await() }   // a clean-up that takes its time
                        }
                    }
                    p.start()
                    withTimeout(10.seconds) { running.await() }
                    p.terminate()
                    p.join(timeout = 1.seconds)
                    p.isAlive() shouldBe true
                    p.exitCode.shouldBeNull()
                    p.pid.shouldNotBeNull()
                    p.toString() shouldContain " started"
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe "cannot start a process twice"
                    shouldThrow<IllegalStateException> { p.close() }.message shouldStartWith "Cannot close a process while it is still running"
                    p.kill()   // asks again; the exit code stays that of the first signal
                    gate.complete(Unit)
                    p.join(timeout = 10.seconds)
                    p.isAlive() shouldBe false
                    p.exitCode shouldBe -15
                }
            }
        }

        test("ended: not alive, exit code and pid kept; join returns at once, terminate does nothing, close closes") {
            runTest {
                multiprocessing {
                    val p = Process { exit(7) }
                    p.start()
                    p.join(timeout = 10.seconds)
                    p.isAlive() shouldBe false
                    p.exitCode shouldBe 7
                    p.pid.shouldNotBeNull()
                    p.toString() shouldContain " stopped exitcode=7"
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe "cannot start a process twice"
                    val before = currentTime
                    p.join()
                    currentTime shouldBe before
                    p.terminate()
                    p.kill()
                    p.exitCode shouldBe 7
                    p.close()
                    p.toString() shouldContain " closed"
                }
            }
        }

        test("closed: every use throws but close and toString") {
            runTest {
                multiprocessing {
                    val p = Process { }
                    p.start(); p.join(timeout = 10.seconds)
                    p.close()
                    p.close()
                    p.toString() shouldContain " closed"
                    val closed = "process object is closed"
                    shouldThrow<IllegalStateException> { p.isAlive() }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.exitCode }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.pid }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.start() }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.join() }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.terminate() }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.kill() }.message shouldBe closed
                    shouldThrow<IllegalStateException> { p.daemon = true }.message shouldBe closed
                }
            }
        }

        test("a main process is started from the beginning and ended, with its block's exit code, after it") {
            runTest {
                lateinit var main: Process
                multiprocessing {
                    main = currentProcess()
                    main.isAlive() shouldBe true
                    main.exitCode.shouldBeNull()
                    main.pid shouldBe ProcessHandle.current().pid()
                    shouldThrow<IllegalStateException> { main.start() }.message shouldBe
                        "cannot start a process twice: the main process is always running"
                    shouldThrow<IllegalStateException> { main.terminate() }.message shouldStartWith "the main process cannot be terminated"
                    shouldThrow<IllegalStateException> { main.close() }.message shouldStartWith "Cannot close a process while it is still running"
                }
                main.isAlive() shouldBe false
                main.exitCode shouldBe 0
                lateinit var exited: Process
                shouldThrow<dev.coprocessing.SystemExit> {
                    multiprocessing {
                        exited = currentProcess()
                        exit(4)
                    }
                }
                exited.exitCode shouldBe 4
            }
        }

        test("a worker is started from the beginning and ended with the code its engine gives") {
            runTest {
                multiprocessing {
                    val w = Process.newWorker("TestWorker-1") { }
                    w.isAlive() shouldBe true
                    w.exitCode.shouldBeNull()
                    w.pid.shouldNotBeNull()
                    activeChildren() shouldContainExactly listOf(w)
                    shouldThrow<IllegalStateException> { w.start() }.message shouldBe "cannot start a process twice"
                    shouldThrow<IllegalStateException> { w.close() }.message shouldStartWith "Cannot close a process while it is still running"
                    w.endWorker(3)
                    w.endWorker(0)   // a second end keeps the first exit code
                    w.isAlive() shouldBe false
                    w.exitCode shouldBe 3
                    w.toString() shouldContain " stopped exitcode=3"
                    activeChildren().shouldBeEmpty()
                }
            }
        }
    }

    context("a worker's terminate() and kill() reach its engine, which ends it with the signal") {
        listOf("terminate" to -15, "kill" to -9).forEach { (how, code) ->
            test("$how gives $code") {
                runTest {
                    multiprocessing {
                        val asked = CompletableDeferred<Int>()
                        val w = Process.newWorker("TestWorker-1") { signal -> asked.complete(signal) }
                        launch { w.endWorker(withTimeout(10.seconds) { asked.await() }) }
                        if (how == "terminate") w.terminate() else w.kill()
                        w.join(timeout = 10.seconds)
                        w.isAlive() shouldBe false
                        w.exitCode shouldBe code
                    }
                }
            }
        }
    }

    context("the exit code is recorded before join() returns") {
        test("for children joined as they end, on many threads") {
            runMultiprocessing {
                val ps = List(200) { i -> Process { if (i % 2 == 0) sleep(0.001); exit(i % 5 + 2) } }
                ps.forEach { it.start() }
                val seen = ps.map { p -> async { p.join(timeout = 30.seconds); p.exitCode } }.awaitAll()
                seen shouldContainExactly List(200) { i -> i % 5 + 2 }
            }
        }

        test("for a worker ended on a thread of its own while a joiner waits") {
            runMultiprocessing {
                repeat(50) { n ->
                    val w = Process.newWorker("TestWorker-$n") { }
                    val joined = async { w.join(timeout = 30.seconds); w.exitCode }
                    val ender = thread { w.endWorkerBlocking(5) }
                    joined.await() shouldBe 5
                    ender.join(30_000)
                }
            }
        }
    }
})

class ProcessLifecycleSpec : FunSpec({

    test("a failing child prints 'Process <name>:' and its stack trace on stderr, as CPython does") {
        val err = dev.coprocessing.testing.capturingStderr {
            runTest {
                multiprocessing {
                    val p = Process { throw IllegalStateException("kaput") }
                    p.start(); p.join()
                }
            }
        }
        err shouldContain "Process Process-1:"
        err shouldContain "java.lang.IllegalStateException: kaput"
    }

    test("cancelling the caller of multiprocessing terminates and joins every child") {
        runTest {
            lateinit var child: Process
            val scope = kotlinx.coroutines.CoroutineScope(coroutineContext + kotlinx.coroutines.Job())
            val started = CompletableDeferred<Unit>()
            val job = scope.launch {
                multiprocessing {
                    child = Process { awaitCancellation() }
                    child.start()
                    started.complete(Unit)
                    awaitCancellation()
                }
            }
            started.await()
            job.cancel()
            job.join()
            child.isAlive() shouldBe false
            child.exitCode shouldBe -15
        }
    }

    test("SystemExit from the main body cleans up as a normal end, then propagates") {
        runTest {
            lateinit var worker: Process
            lateinit var daemon: Process
            val e = shouldThrow<dev.coprocessing.SystemExit> {
                multiprocessing {
                    worker = Process { sleep(1.0) }
                    daemon = Process(daemon = true) { awaitCancellation() }
                    worker.start(); daemon.start()
                    exit(4)
                }
            }
            e.code shouldBe 4
            worker.exitCode shouldBe 0      // joined, not terminated
            daemon.exitCode shouldBe -15    // daemons are terminated
        }
    }

    test("a child that fails terminates its own children, which never outlive it") {
        runTest {
            val grandchild = CompletableDeferred<Process>()
            multiprocessing {
                val p = Process {
                    val g = Process { awaitCancellation() }
                    g.start()
                    grandchild.complete(g)
                    error("parent fails")
                }
                p.start(); p.join()
                p.exitCode shouldBe 1
                grandchild.await().exitCode shouldBe -15
            }
        }
    }

    test("a child's non-daemon children are joined before the child counts as finished") {
        runTest {
            multiprocessing {
                lateinit var g: Process
                val p = Process {
                    g = Process { sleep(5.0) }
                    g.start()
                }
                p.start(); p.join()
                currentTime shouldBe 5000
                g.exitCode shouldBe 0
            }
        }
    }

    test("runMultiprocessing returns the block's value and runs children in parallel on Default") {
        val value = runMultiprocessing {
            val threads = java.util.concurrent.ConcurrentHashMap.newKeySet<String>()
            val ps = List(4) { Process { threads += Thread.currentThread().name } }
            ps.forEach { it.start() }
            ps.forEach { it.join() }
            threads.all { it.startsWith("DefaultDispatcher-worker") } shouldBe true
            42
        }
        value shouldBe 42
    }

    test("terminating a process that has not started, or the main process, fails fast") {
        runTest {
            multiprocessing {
                shouldThrow<IllegalStateException> { Process { }.terminate() }.message shouldStartWith
                    "can only terminate a started process"
                shouldThrow<IllegalStateException> { currentProcess().terminate() }.message shouldStartWith
                    "the main process cannot be terminated"
                val done = Process { }
                done.start(); done.join()
                done.terminate() // a process that has ended: nothing happens
                done.exitCode shouldBe 0
            }
        }
    }

    test("a negative sleep is refused") {
        runTest {
            shouldThrow<IllegalArgumentException> { sleep(-1.0) }.message shouldStartWith "sleep length must be non-negative"
        }
    }
})
