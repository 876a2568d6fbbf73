@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.sync

import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.core.spec.style.scopes.FunSpecContainerScope
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

class EventSpec : FunSpec({
    val managed = ManagerPerTest(this)
    context("Event") { eventCases { Event().view() } }
    context("manager.Event()") { eventCases { managed.manager.Event().view() } }
})

/** The cases of an event, for every kind [newEvent] makes. */
private suspend fun FunSpecContainerScope.eventCases(newEvent: () -> EventView) {

    test("isSet follows set and clear; both are idempotent; toString shows the flag") {
        val event = newEvent()
        event.isSet() shouldBe false
        event.toString() shouldMatch Regex("<Event at 0x[0-9a-f]+: unset>")
        event.set()
        event.isSet() shouldBe true
        event.set()
        event.isSet() shouldBe true
        event.toString() shouldMatch Regex("<Event at 0x[0-9a-f]+: set>")
        event.clear()
        event.isSet() shouldBe false
        event.clear()
        event.isSet() shouldBe false
    }

    test("set wakes every waiter, and a set event lets waiters through at once (twice, and after a clear)") {
        runTest {
            val event = newEvent()
            suspend fun checkNotify() {
                val first = mutableListOf<Boolean>()
                val second = mutableListOf<Boolean>()
                val waiters = List(5) { launch { first += event.wait(); second += event.wait() } }
                runCurrent()
                first.shouldBeEmpty()
                event.set()
                waiters.forEach { it.join() }
                first shouldContainExactly List(5) { true }
                second shouldContainExactly List(5) { true }
            }
            checkNotify()
            event.set()
            event.clear()
            checkNotify()
        }
    }

    test("wait with a timeout: false after the timeout while unset, true at once while set") {
        runTest {
            val event = newEvent()
            val results = List(5) {
                async { event.wait(Duration.ZERO) to event.wait(500.milliseconds) }
            }.awaitAll()
            results shouldContainExactly List(5) { false to false }
            currentTime shouldBe 500
            event.set()
            val again = List(5) { async { event.wait(Duration.ZERO) to event.wait(500.milliseconds) } }.awaitAll()
            again shouldContainExactly List(5) { true to true }
            currentTime shouldBe 500
        }
    }

    test("waiters return true even when the event is cleared before they run (CPython issue 13502)") {
        runTest {
            val event = newEvent()
            val waiters = List(5) { async { event.wait(1.seconds) } }
            sleep(0.5)
            event.set()
            event.clear()
            waiters.awaitAll() shouldContainExactly List(5) { true }
            event.isSet() shouldBe false
        }
    }

    test("a waiter woken before its timeout returns true at the moment of set") {
        runTest {
            val event = newEvent()
            val waiter = async { event.wait(10.seconds) }
            sleep(3.0)
            event.set()
            waiter.await() shouldBe true
            currentTime shouldBe 3000
        }
    }

    test("cancelling a waiter leaves the event as it was") {
        runTest {
            val event = newEvent()
            val waiter = launch { event.wait() }
            val other = async { event.wait() }
            runCurrent()
            waiter.cancel()
            waiter.join()
            event.isSet() shouldBe false
            event.set()
            other.await() shouldBe true
        }
    }

    test("blocking twins: threads wait until set; timed waits time out") {
        val event = newEvent()
        val woke = CountDownLatch(3)
        val threads = List(3) { thread { if (event.waitBlocking()) woke.countDown() } }
        event.waitBlocking(0.01) shouldBe false
        event.waitBlocking(java.time.Duration.ofMillis(10)) shouldBe false
        woke.count shouldBe 3
        event.set()
        woke.await(10, TimeUnit.SECONDS) shouldBe true
        threads.forEach { it.join(10_000) }
        event.waitBlocking(java.time.Duration.ZERO) shouldBe true
    }

    context("bad input") {
        test("a negative timeout fails at once and the event still works") {
            runTest {
                val event = newEvent()
                shouldThrow<IllegalArgumentException> { event.wait((-1).seconds) }.message shouldStartWith
                    "'timeout' must be a non-negative number"
                shouldThrow<IllegalArgumentException> { event.waitBlocking(-1.0) }
                event.set()
                event.wait() shouldBe true
            }
        }
    }
}
