package dev.coprocessing.thread

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeFalse
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource

/** Modelled on CPython's Lib/test/test_threading.py TimerTests. */
class TimerSpec : FunSpec({

    test("a timer runs its function once, after its interval, on a thread of its own") {
        val fired = CountDownLatch(1)
        val on = java.util.concurrent.atomic.AtomicReference<Thread>()
        val mark = TimeSource.Monotonic.markNow()
        val t = Timer(50.milliseconds) { on.set(currentThread()); fired.countDown() }
        t.start()
        fired.awaitOrFail("the timer")
        (mark.elapsedNow() >= 50.milliseconds) shouldBe true
        t.joinBlocking()
        on.get() shouldBe t
        t.toString() shouldStartWith "<Timer(Thread-"
    }

    test("cancel before it fires: the function never runs and the timer ends at once") {
        val calls = AtomicInteger()
        val t = Timer(30.0) { calls.incrementAndGet() }
        t.start()
        t.cancel()
        t.joinBlocking(30.0)
        t.isAlive().shouldBeFalse()
        calls.get() shouldBe 0
    }

    test("cancel after it fired does nothing; the Java forms take seconds and java.time.Duration") {
        val calls = AtomicInteger()
        val t = Timer(java.time.Duration.ZERO) { calls.incrementAndGet() }
        t.start(); t.joinBlocking()
        t.cancel()
        calls.get() shouldBe 1
        Timer(1.5) {}.interval shouldBe 1.5.seconds
    }

    test("each timer keeps its own function: two timers made one after the other both run theirs") {
        // CPython's test_init_immutable_default_args, in spirit: no state is shared between timers.
        val seen = java.util.concurrent.ConcurrentLinkedQueue<String>()
        val a = Timer(0.0) { seen += "a" }
        val b = Timer(0.0) { seen += "b" }
        a.start(); b.start(); a.joinBlocking(); b.joinBlocking()
        seen.sorted() shouldBe listOf("a", "b")
    }

    test("bad input: a negative interval is refused, in every form") {
        shouldThrow<IllegalArgumentException> { Timer(-1.0) {} }.message shouldStartWith "'interval' must be a non-negative number"
        shouldThrow<IllegalArgumentException> { Timer((-1).seconds) {} }.message shouldStartWith "'interval' must be a non-negative number"
        shouldThrow<IllegalArgumentException> { Timer(java.time.Duration.ofSeconds(-1)) {} }
        shouldThrow<IllegalArgumentException> { Timer(Double.NaN) {} }
    }
})
