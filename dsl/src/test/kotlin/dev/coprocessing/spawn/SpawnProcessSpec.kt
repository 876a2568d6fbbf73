package dev.coprocessing.spawn

import dev.coprocessing.context.getContext
import dev.coprocessing.context.getStartMethod
import dev.coprocessing.context.setStartMethod
import dev.coprocessing.currentProcess
import dev.coprocessing.exit
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeout

/** A process subclass that crosses itself: its own fields go with it, the Process part is made afresh there. */
private class Greeter(private val greeting: String) : Process(), java.io.Serializable {
    override suspend fun run() {
        println("$greeting from ${currentProcess().name}")
    }
}

private class NotSerializable(val n: Int)

class SpawnProcessSpec : FunSpec({
    val spawn = getContext("spawn")

    test("a spawn process runs its target in another JVM, with that JVM's pid, and shows what it prints") {
        capturingStdout { out ->
            multiprocessing {
                val p = spawn.Process(name = "child") { println("hello from ${currentProcess().name} pid=${currentProcess().pid}") }
                p.start()
                val pid = p.pid!!
                pid shouldNotBe ProcessHandle.current().pid()
                withTimeout(60.seconds) { p.join() }
                p.exitCode shouldBe 0
                p.isAlive() shouldBe false
                out.toString() shouldContain "hello from child pid=$pid"
            }
        }
    }

    test("a child's change to a captured variable is its own: the parent's stays as it was") {
        capturingStdout { out ->
            multiprocessing {
                var n = 100
                val p = spawn.Process {
                    n -= 1
                    println("child n=$n")
                }
                p.start()
                withTimeout(60.seconds) { p.join() }
                out.toString() shouldContain "child n=99"
                n shouldBe 100
            }
        }
    }

    test("exit codes: exit(n), a failing target (1, with its exception), terminate (-15) and kill (-9)") {
        lateinit var failed: String
        val err = capturingStderr {
            multiprocessing {
                val exits = spawn.Process { exit(3) }
                val fails = spawn.Process { error("boom") }
                val sleeper = spawn.Process { kotlinx.coroutines.delay(600_000) }
                val victim = spawn.Process { kotlinx.coroutines.delay(600_000) }
                listOf(exits, fails, sleeper, victim).forEach { it.start() }
                sleeper.terminate()
                victim.kill()
                withTimeout(90.seconds) { listOf(exits, fails, sleeper, victim).forEach { it.join() } }
                exits.exitCode shouldBe 3
                fails.exitCode shouldBe 1
                (fails.exception as IllegalStateException).message shouldBe "boom"
                sleeper.exitCode shouldBe -15
                victim.exitCode shouldBe -9
                failed = fails.name
            }
        }
        err shouldContain "Process $failed:"
    }

    test("a target that captures what cannot cross fails at start(), in the caller, naming the type") {
        multiprocessing {
            val captured = NotSerializable(1)
            val p = spawn.Process { println(captured.n) }
            val e = shouldThrow<IllegalArgumentException> { p.start() }
            e.message shouldContain "Can't pickle the target of ${p.name}"
            e.message shouldContain NotSerializable::class.java.name
            p.isAlive() shouldBe false
        }
    }

    test("a serializable Process subclass crosses itself and runs its own run()") {
        capturingStdout { out ->
            multiprocessing {
                val p = spawn.adopt(Greeter("hi"))
                p.start()
                withTimeout(60.seconds) { p.join() }
                p.exitCode shouldBe 0
                out.toString() shouldContain "hi from ${p.name}"
            }
        }
    }

    test("setStartMethod(\"spawn\") makes a plain Process a worker JVM, once unless forced") {
        setStartMethod("spawn")
        try {
            getStartMethod() shouldBe "spawn"
            shouldThrow<IllegalStateException> { setStartMethod("coroutine") }.message shouldContain "force = true"
            multiprocessing {
                val p = Process { }
                p.start()
                p.pid shouldNotBe ProcessHandle.current().pid()
                withTimeout(60.seconds) { p.join() }
                p.exitCode shouldBe 0
                val local = getContext("coroutine").Process { }
                local.start()
                local.join()
                local.exitCode shouldBe 0
            }
        } finally {
            setStartMethod(null, force = true)
        }
        getStartMethod(allowNone = true) shouldBe null
    }

    test("a daemon spawn child is terminated when its parent's block ends") {
        lateinit var daemon: Process
        multiprocessing {
            daemon = spawn.Process(daemon = true) { kotlinx.coroutines.delay(600_000) }
            daemon.start()
        }
        daemon.exitCode shouldBe -15
        ProcessHandle.of(daemon.pid!!).map { it.isAlive }.orElse(false) shouldBe false
    }
})
