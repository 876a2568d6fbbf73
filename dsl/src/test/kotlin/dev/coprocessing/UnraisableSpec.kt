package dev.coprocessing

import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.guardCallback
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import java.io.PrintWriter
import java.io.StringWriter
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread

class UnraisableSpec : FunSpec({
    afterEach { unraisablehook = UnraisableHook.DEFAULT }

    test("a custom hook receives every report with CPython's fields") {
        val seen = ConcurrentLinkedQueue<UnraisableHookArgs>()
        unraisablehook = UnraisableHook { seen += it }
        val error = IllegalStateException("callback broke")
        Unraisable.report("exception calling callback for <Future>", error, obj = "the future")
        Unraisable.report("a warning", null)

        val (failure, warning) = seen.toList()
        failure.errMsg shouldBe "exception calling callback for <Future>"
        (failure.excValue === error) shouldBe true
        failure.excType shouldBe IllegalStateException::class.java
        failure.obj shouldBe "the future"
        warning.errMsg shouldBe "a warning"
        warning.excValue shouldBe null
        warning.excType shouldBe null
        warning.obj shouldBe null
    }

    test("the default hook prints the message, the object, then the stack trace") {
        val error = RuntimeException("boom")
        val err = capturingStderr { Unraisable.report("Process Process-1", error, obj = 42) }
        err shouldBe "Process Process-1: 42${System.lineSeparator()}" + traceOf(error)
        capturingStderr { Unraisable.report("Process Process-1:", error) } shouldStartWith "Process Process-1:${System.lineSeparator()}"
    }

    test("the default hook prints one whole block per report, even from many threads at once") {
        val threads = 8
        val perThread = 25
        val errors = List(threads) { t -> List(perThread) { i -> IllegalArgumentException("boom $t-$i") } }
        val start = CountDownLatch(1)
        val err = capturingStderr {
            val workers = errors.mapIndexed { t, mine ->
                thread {
                    start.await(10, TimeUnit.SECONDS)
                    mine.forEachIndexed { i, e -> Unraisable.report("report $t-$i", e) }
                }
            }
            start.countDown()
            workers.forEach { it.join(30_000) }
            workers.none { it.isAlive } shouldBe true
        }
        val blocks = errors.flatMapIndexed { t, mine -> mine.mapIndexed { i, e -> "report $t-$i${System.lineSeparator()}" + traceOf(e) } }
        blocks.forEach { err shouldContain it }
        err.length shouldBe blocks.sumOf { it.length } // and nothing else, so no block was cut into another
    }

    test("a hook that throws does not lose the report: the default prints it, then the hook's failure") {
        val broken = UnraisableHook { throw IllegalStateException("the hook itself broke") }
        unraisablehook = broken
        val error = RuntimeException("the real problem")
        val err = capturingStderr { Unraisable.report("Exception in initializer of worker-1:", error) }
        err shouldStartWith "Exception in initializer of worker-1:${System.lineSeparator()}" + traceOf(error)
        err shouldContain "Exception ignored in unraisablehook: $broken"
        err shouldContain "the hook itself broke"
    }

    test("a hook that calls exit() is a failing hook too; the report still gets out") {
        unraisablehook = UnraisableHook { exit(3) }
        val err = capturingStderr { Unraisable.report("lost?", RuntimeException("no")) }
        err shouldStartWith "lost?"
        err shouldContain "SystemExit"
    }

    test("guardCallback returns what a callback threw, and rethrows OutOfMemoryError and SystemExit") {
        guardCallback { } shouldBe null
        val thrown = IllegalStateException("callback")
        (guardCallback { throw thrown } === thrown) shouldBe true
        shouldThrow<OutOfMemoryError> { guardCallback { throw OutOfMemoryError("simulated") } }
        shouldThrow<SystemExit> { guardCallback { exit(2) } }.code shouldBe 2
        // Handed back like any other: where the library runs callbacks, an interrupt is how a worker is stopped,
        // and re-raising it there would stop a worker that nobody stopped.
        (guardCallback { throw InterruptedException() } is InterruptedException) shouldBe true
        Thread.interrupted() shouldBe false
    }
})

private fun traceOf(error: Throwable): String = StringWriter().also { error.printStackTrace(PrintWriter(it)) }.toString()
