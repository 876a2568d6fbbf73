package dev.coprocessing.diagnosis

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest

class DeadlockSpec : FunSpec({
    withDiagnosis()

    test("two Locks taken in opposite orders make one cycle of two, read as a chain") {
        runTest {
            multiprocessing {
                val (a, b) = List(2) { Lock() }
                val pair = diners(listOf(a, b)).onEach { it.start() }
                sleep(1.0)
                val cycle = detectDeadlocks().single()
                cycle.processes shouldBe listOf("Process-1", "Process-2")
                cycle.toString() shouldBe
                    "Process-1 holds ${lockRepr(a, "Process-1")} and waits for ${lockRepr(b, "Process-2")}; " +
                    "Process-2 holds ${lockRepr(b, "Process-2")} and waits for ${lockRepr(a, "Process-1")}"
                cycle.links.map { it.call } shouldBe listOf("acquire()", "acquire()")
                cycle.links[0].pid shouldBe pair[0].pid
                pair.forEach { it.terminate() }
            }
            detectDeadlocks().shouldBeEmpty()
        }
    }

    test("three Locks taken in a ring make one cycle of three") {
        runTest {
            multiprocessing {
                val locks = List(3) { Lock() }
                val ring = diners(locks).onEach { it.start() }
                sleep(1.0)
                val cycle = detectDeadlocks().single()
                cycle.processes shouldBe listOf("Process-1", "Process-2", "Process-3")
                cycle.links.map { it.holds } shouldBe listOf(
                    lockRepr(locks[0], "Process-1"), lockRepr(locks[1], "Process-2"), lockRepr(locks[2], "Process-3"),
                )
                cycle.links.map { it.waitsFor } shouldBe listOf(
                    lockRepr(locks[1], "Process-2"), lockRepr(locks[2], "Process-3"), lockRepr(locks[0], "Process-1"),
                )
                ring.forEach { it.terminate() }
            }
        }
    }

    test("an RLock held across re-entries is still held: its holder is found, with its count") {
        runTest {
            multiprocessing {
                val r = RLock()
                val l = Lock()
                val first = Process { r.withLock { r.withLock { sleep(1.0); l.withLock { } } } }
                val second = Process { l.withLock { sleep(1.0); r.withLock { } } }
                first.start(); second.start()
                sleep(2.0)
                val rRepr = "<RLock(Process-1, 2)> at 0x${Integer.toHexString(System.identityHashCode(r))}"
                detectDeadlocks().single().toString() shouldBe
                    "Process-1 holds $rRepr and waits for ${lockRepr(l, "Process-2")}; " +
                    "Process-2 holds ${lockRepr(l, "Process-2")} and waits for $rRepr"
                first.terminate(); second.terminate()
            }
        }
    }

    test("a join closes a cycle: the main process holds a lock and joins the child that wants it") {
        runTest {
            multiprocessing {
                val lock = Lock()
                lock.acquire()
                val child = Process { lock.withLock { } }
                child.start()
                val found = launch {
                    sleep(1.0)
                    val cycle = detectDeadlocks().single()
                    cycle.toString() shouldBe
                        "MainProcess holds ${lockRepr(lock, "MainProcess")} and waits for $child to end; " +
                        "Process-1 waits for ${lockRepr(lock, "MainProcess")}"
                    cycle.links.map { it.call } shouldBe listOf("join()", "acquire()")
                    child.terminate()
                }
                child.join()
                found.join()
                lock.release()
            }
        }
    }

    test("a join waits for the whole tree: a grandchild that wants the joiner's lock closes the cycle") {
        runTest {
            multiprocessing {
                val lock = Lock()
                lock.acquire()
                val child = Process {
                    val grandchild = Process { lock.withLock { } }
                    grandchild.start()
                    grandchild.join()
                }
                child.start()
                val found = launch {
                    sleep(1.0)
                    val cycle = detectDeadlocks().single()
                    cycle.processes shouldBe listOf("MainProcess", "Process-1:1")
                    child.terminate()
                }
                child.join()
                found.join()
                lock.release()
            }
        }
    }

    test("a consumer blocked on an empty queue, joined by its parent, is no deadlock") {
        runTest {
            multiprocessing {
                val q = Queue<String>()
                val consumer = Process { q.get() }
                consumer.start()
                val checked = launch {
                    sleep(1.0)
                    detectDeadlocks().shouldBeEmpty()
                    dumpProcesses() shouldContain "Queue.get()"
                    q.put("done")
                }
                consumer.join()
                checked.join()
            }
        }
    }

    test("waits with a timeout end by themselves: no deadlock, though the dump shows them") {
        runTest {
            multiprocessing {
                val (a, b) = List(2) { Lock() }
                val first = Process { a.withLock { sleep(1.0); b.acquire(timeout = 10.seconds) } }
                val second = Process { b.withLock { sleep(1.0); a.acquire(timeout = 10.seconds) } }
                first.start(); second.start()
                sleep(2.0)
                detectDeadlocks().shouldBeEmpty()
                dumpProcesses() shouldContain "(timeout 10s)"
            }
        }
    }

    test("with diagnosis off nothing is recorded, so nothing is found, and the dump says why") {
        runTest {
            disableDiagnosis()
            try {
                multiprocessing {
                    val (a, b) = List(2) { Lock() }
                    val pair = diners(listOf(a, b)).onEach { it.start() }
                    sleep(1.0)
                    detectDeadlocks().shouldBeEmpty()
                    dumpProcesses() shouldContain "diagnosis is off"
                    pair.forEach { it.terminate() }
                }
            } finally {
                enableDiagnosis()
            }
        }
    }

    test("inside a block only its own tree counts; outside every block, every block's") {
        runTest {
            val other = launch {
                multiprocessing {
                    val pair = diners(List(2) { Lock() }).onEach { it.start() }
                    sleep(2.0)
                    pair.forEach { it.terminate() }
                }
            }
            multiprocessing {
                sleep(1.0)
                detectDeadlocks().shouldBeEmpty()
                Process { detectDeadlocks().shouldBeEmpty() }.also { it.start() }.join()
            }
            detectDeadlocks() shouldHaveSize 1
            other.join()
        }
    }
})
