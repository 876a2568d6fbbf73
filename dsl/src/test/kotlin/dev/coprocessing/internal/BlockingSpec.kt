package dev.coprocessing.internal

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.blocking
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext

class BlockingSpec : FunSpec({

    test("a blocking twin on a Dispatchers.Default thread warns once, pointing to the suspend form") {
        val err = capturingStderr {
            multiprocessing {
                withContext(Dispatchers.Default) {
                    DefaultDispatcherGuard.isDefaultDispatcher(ProcessContext.runningContext()) shouldBe true
                    blocking { delay(1) }
                    blocking { delay(1) }
                }
            }
        }
        // Once per JVM: another spec may already have triggered it, in which case nothing more is printed.
        Regex("Call the suspend form instead").findAll(err).count() shouldBe (if (err.isEmpty()) 0 else 1)
    }

    test("IO, a single-threaded dispatcher and code outside every process are not on Dispatchers.Default") {
        multiprocessing {
            withContext(Dispatchers.IO) {
                DefaultDispatcherGuard.isDefaultDispatcher(ProcessContext.runningContext()) shouldBe false
            }
            withContext(Dispatchers.Unconfined) {
                DefaultDispatcherGuard.isDefaultDispatcher(ProcessContext.runningContext()) shouldBe false
            }
        }
        withContext(Dispatchers.Default) { DefaultDispatcherGuard.isDefaultDispatcher(null) shouldBe false }
    }

    test("the blocked thread is the caller's identity inside a twin") {
        val me = Thread.currentThread()
        blocking { callerIdentity() } shouldBe me
    }

    test("interrupting a thread blocked in a twin ends the wait with InterruptedException") {
        Thread.currentThread().interrupt()
        shouldThrow<InterruptedException> { blocking { delay(10.seconds) } }
        Thread.interrupted() shouldBe false
    }

    test("timeouts: negative ones are refused with CPython's message, in every form") {
        shouldThrow<IllegalArgumentException> { checkTimeout((-1).milliseconds) }.message shouldStartWith NEGATIVE_TIMEOUT
        shouldThrow<IllegalArgumentException> { java.time.Duration.ofSeconds(-2).toTimeout() }.message shouldContain "PT-2S"
        shouldThrow<IllegalArgumentException> { secondsToTimeout(-0.1) }
        shouldThrow<IllegalArgumentException> { secondsToTimeout(Double.NaN) }
        secondsToTimeout(1.5) shouldBe 1500.milliseconds
        java.time.Duration.ofMillis(250).toTimeout() shouldBe 250.milliseconds
        checkTimeout(null)
        withOptionalTimeout(null) { 1 } shouldBe 1
        withOptionalTimeout(1.milliseconds) { delay(1.seconds); 1 } shouldBe null
    }
})

class BlockingOutcomeSpec : FunSpec({
    test("a twin rethrows the very exception instance its suspend form threw, never a recovered copy") {
        val thrown = IllegalStateException("the task's own exception")
        val caught = shouldThrow<IllegalStateException> { blocking { delay(1); throw thrown } }
        (caught === thrown) shouldBe true
    }

    test("an interrupt that arrives once the body has completed keeps its result and leaves the flag set") {
        val result = blocking {
            Thread.currentThread().interrupt() // as if interrupted right after the work was done
            "done"
        }
        result shouldBe "done"
        Thread.interrupted() shouldBe true // the interrupt is still pending for the caller's next wait
    }
})
