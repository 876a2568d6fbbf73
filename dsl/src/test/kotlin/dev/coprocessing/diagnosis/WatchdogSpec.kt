package dev.coprocessing.diagnosis

import dev.coprocessing.DeadlockError
import dev.coprocessing.UnraisableHook
import dev.coprocessing.UnraisableHookArgs
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.queue.Queue
import dev.coprocessing.runMultiprocessing
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import dev.coprocessing.unraisablehook
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.lang.management.ManagementFactory
import java.util.concurrent.ConcurrentLinkedQueue
import javax.management.ObjectName
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest

class WatchdogSpec : FunSpec({
    val reports = ConcurrentLinkedQueue<UnraisableHookArgs>()
    beforeEach {
        reports.clear()
        unraisablehook = UnraisableHook { reports += it }
    }
    afterEach { unraisablehook = UnraisableHook.DEFAULT }

    test("off by default: a block without deadlockCheck records nothing") {
        runTest {
            multiprocessing { isDiagnosisEnabled() shouldBe false }
        }
    }

    test("a deadlock is reported once, with the process dump, however many checks see it") {
        runTest {
            var pair: List<Process> = emptyList()
            multiprocessing(deadlockCheck = 1.seconds) {
                isDiagnosisEnabled() shouldBe true
                val (a, b) = List(2) { Lock() }
                pair = diners(listOf(a, b)).onEach { it.start() }
                sleep(10.5)   // ten checks see the same deadlock
                reports shouldHaveSize 1
                val report = reports.single()
                report.errMsg shouldStartWith "coprocessing: deadlock in MainProcess: Process-1 holds ${lockRepr(a, "Process-1")}"
                report.errMsg shouldContain "\nMainProcess  pid="
                report.errMsg shouldContain "in Lock.acquire() on ${lockRepr(b, "Process-2")}, held by Process-2"
                report.errMsg shouldContain "deadlock: Process-1 holds"
                report.excValue shouldBe null
                pair.forEach { it.terminate() }
            }
            pair.map { it.exitCode } shouldBe listOf(-15, -15)
            isDiagnosisEnabled() shouldBe false
        }
    }

    test("failOnDeadlock fails the block with DeadlockError(cycle), its processes terminated and joined") {
        runTest {
            var pair: List<Process> = emptyList()
            val error = shouldThrow<DeadlockError> {
                multiprocessing(deadlockCheck = 5.seconds, failOnDeadlock = true) {
                    pair = diners(List(2) { Lock() }).onEach { it.start() }
                    pair.forEach { it.join() }
                }
            }
            currentTime shouldBe 5_000L
            error.cycle.processes shouldBe listOf("Process-1", "Process-2")
            error.message!! shouldContain "deadlock: Process-1 holds"
            error.message!! shouldContain "RLock"
            pair.map { it.isAlive() } shouldBe listOf(false, false)
            reports shouldHaveSize 1
        }
    }

    test("a deadlock that the children reach after the body has returned is still found") {
        runTest {
            shouldThrow<DeadlockError> {
                multiprocessing(deadlockCheck = 1.seconds, failOnDeadlock = true) {
                    diners(List(2) { Lock() }).forEach { it.start() }
                }
            }
        }
    }

    test("a consumer blocked on an empty queue is never reported") {
        runTest {
            multiprocessing(deadlockCheck = 100.milliseconds, failOnDeadlock = true) {
                val q = Queue<String?>()
                val consumer = Process { q.get() }
                consumer.start()
                sleep(5.0)
                q.put(null)
                consumer.join()
            }
            reports.shouldBeEmpty()
        }
    }

    test("a check period that is not positive, or failOnDeadlock without one, fails at once") {
        runTest {
            shouldThrow<IllegalArgumentException> { multiprocessing(deadlockCheck = Duration.ZERO) { } }
                .message!! shouldContain "deadlockCheck must be a positive"
            shouldThrow<IllegalArgumentException> { multiprocessing(deadlockCheck = null, failOnDeadlock = true) { } }
                .message!! shouldContain "needs a deadlockCheck"
        }
    }

    test("runMultiprocessing takes the watchdog too, on real time") {
        shouldThrow<DeadlockError> {
            runMultiprocessing(deadlockCheck = 50.milliseconds, failOnDeadlock = true) {
                diners(List(2) { Lock() }).forEach { it.start() }
            }
        }.cycle.links shouldHaveSize 2
    }

    test("the MBean dev.coprocessing:type=Processes shows the dump and the switch once diagnosis has been on") {
        runTest { multiprocessing(deadlockCheck = 1.seconds) { } }
        val server = ManagementFactory.getPlatformMBeanServer()
        val name = ObjectName("dev.coprocessing:type=Processes")
        server.isRegistered(name) shouldBe true
        server.getAttribute(name, "Enabled") shouldBe false
        (server.getAttribute(name, "Dump") as String) shouldContain "deadlocks: none"
        (server.getAttribute(name, "Deadlocks") as Array<*>).shouldBeEmpty()
        server.setAttribute(name, javax.management.Attribute("Enabled", true))
        try {
            isDiagnosisEnabled() shouldBe true
        } finally {
            disableDiagnosis()
        }
    }
})
