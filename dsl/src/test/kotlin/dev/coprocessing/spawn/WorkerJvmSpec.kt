package dev.coprocessing.spawn

import dev.coprocessing.exit
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.net.InetAddress
import java.net.Socket
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** A counter captured by a function that runs in the worker JVM: the worker changes its own copy only. */
private class Counter(var n: Int) : java.io.Serializable

class WorkerJvmSpec : FunSpec({
    // One worker JVM for the calls that leave it running: a JVM start is the expensive part.
    lateinit var jvm: WorkerJvm
    beforeSpec { jvm = within(60, "starting a worker JVM") { WorkerJvm.start("Worker-1") } }
    afterSpec { within(30, "closing the worker JVM") { jvm.close() } }

    test("a call runs in another JVM, with what it captured copied there and its result copied back") {
        val counter = Counter(100)
        val (pid, n) = within(30, "a call") {
            @Suppress("UNCHECKED_CAST")
            jvm.call(suspend { counter.n -= 1; ProcessHandle.current().pid() to counter.n }) as Pair<Long, Int>
        }
        pid shouldBe jvm.pid
        pid shouldNotBe ProcessHandle.current().pid()
        n shouldBe 99
        counter.n shouldBe 100 // memory is isolated: the parent's counter is untouched
    }

    test("an exception thrown in the worker arrives with its type and message, and the worker serves on") {
        val e = shouldThrow<IllegalStateException> { within(30, "a failing call") { jvm.call(suspend { error("boom") }) } }
        e.message shouldBe "boom"
        within(30, "the next call") { jvm.call(suspend { "still here" }) } shouldBe "still here"
    }

    test("a function capturing what cannot be serialized fails at once, in the caller, naming the type") {
        val thread = Thread.currentThread()
        val e = shouldThrow<IllegalArgumentException> { jvm.call(suspend { thread.name }) }
        e.message!! shouldContain "Can't pickle the function given to Worker-1"
        e.message!! shouldContain "java.lang.Thread"
    }

    test("a result that cannot be serialized comes back as an error that says so") {
        val e = shouldThrow<IllegalArgumentException> { within(30, "a call") { jvm.call(suspend { Thread.currentThread() }) } }
        e.message!! shouldContain "Can't pickle the result"
    }

    test("what the worker prints shows on this JVM's stdout and stderr") {
        lateinit var out: String
        val err = capturingStderr {
            out = capturingStdout { buffer ->
                within(30, "a printing call") { jvm.call(suspend { println("hello from the worker"); System.err.println("oops") }) }
                // The pumps copy line by line, on their own threads: wait until the line has come through.
                awaitText(buffer, "hello from the worker", "the worker's stdout to reach this JVM")
                buffer.toString()
            }
        }
        out shouldContain "hello from the worker"
        err shouldContain "oops"
    }

    test("a peer that does not hold the key is refused before anything is read from it") {
        val port = SpawnListener.acquire()
        try {
            val buffer = ByteArrayOutputStream()
            val original = System.err
            System.setErr(PrintStream(buffer, true))
            try {
                within(30, "a handshake with a wrong key") {
                    Socket(InetAddress.getLoopbackAddress(), port).use { socket ->
                        val link = Link(socket, null)
                        shouldThrow<AuthenticationError> { link.authenticate(Link.newKey(), initiator = false) }
                    }
                }
                // The listener reports the refusal on its own thread.
                awaitText(buffer, "refused a connection", "the listener's report of the refusal")
            } finally {
                System.setErr(original)
            }
            val err = buffer.toString()
            err shouldContain "refused a connection"
        } finally {
            SpawnListener.release()
        }
    }

    test("exit(n) in a call ends the worker JVM with exit code n") {
        val worker = within(60, "starting a worker JVM") { WorkerJvm.start("Worker-exit") }
        try {
            shouldThrow<WorkerJvmExit> { within(30, "a call that exits") { worker.call(suspend { exit(3) }) } }.code shouldBe 3
            within(30, "the exit") { worker.waitForExit() } shouldBe 3
        } finally {
            within(30, "closing") { worker.close() }
        }
    }

    test("terminate() and kill() end a busy worker with -15 and -9, and a call in flight fails with WorkerJvmLost") {
        for ((stop, code) in listOf<Pair<(WorkerJvm) -> Unit, Int>>({ w: WorkerJvm -> w.terminate() } to -15, { w: WorkerJvm -> w.kill() } to -9)) {
            val worker = within(60, "starting a worker JVM") { WorkerJvm.start("Worker-stop") }
            try {
                val outcome = capturingStdout { buffer ->
                    // The task says it runs, then blocks far longer than the test: only the stop can end it.
                    val call = CompletableFuture.supplyAsync { runCatching { worker.call(suspend { println("busy"); Thread.sleep(60_000) }) } }
                    awaitText(buffer, "busy", "the call to be running in the worker")
                    stop(worker)
                    call.get(30, TimeUnit.SECONDS)
                }
                (outcome.exceptionOrNull() is WorkerJvmLost) shouldBe true
                within(30, "the exit") { worker.waitForExit() } shouldBe code
            } finally {
                within(30, "closing") { worker.close() }
            }
        }
    }

    test("a worker JVM whose parent JVM is killed exits at once: no orphans") {
        val parent = ProcessBuilder(
            WorkerJvm.javaExecutable, "-cp", System.getProperty("java.class.path"), SpawnParentProbe::class.java.name,
        ).redirectErrorStream(true).start()
        try {
            val childPid = within(60, "the probe parent to start its worker JVM") {
                parent.inputStream.bufferedReader().lineSequence().first { it.startsWith("child ") }.removePrefix("child ").trim().toLong()
            }
            val child = ProcessHandle.of(childPid).orElseThrow()
            child.isAlive shouldBe true
            parent.destroyForcibly() // kill -9: no shutdown hook runs in the parent
            within(30, "the orphaned worker JVM to exit") { child.onExit().get() }
            child.isAlive shouldBe false
        } finally {
            parent.destroyForcibly()
            parent.waitFor()
        }
    }
})

/** A parent JVM for the orphan test: starts a worker JVM, prints its pid, and waits (on its stdin) to be killed. */
object SpawnParentProbe {
    @JvmStatic
    fun main(args: Array<String>) {
        val worker = WorkerJvm.start("Orphan-1")
        println("child ${worker.pid}")
        System.out.flush()
        System.`in`.read() // the test kills this JVM; its stdin ends only if the test itself has gone
    }
}
