package dev.coprocessing.thread

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReference

/** Modelled on CPython's Lib/test/test_threading_local.py. */
class LocalSpec : FunSpec({

    test("each thread sees its own value; a thread that never set it reads null") {
        val data = local<String>()
        data.value = "main"
        val seen = ConcurrentHashMap<String, String>()
        val threads = List(5) { i ->
            Thread {
                seen["before-$i"] = data.value ?: "null"
                data.value = "thread-$i"
                seen["after-$i"] = data.value!!
            }
        }
        threads.forEach { it.start() }
        threads.forEach { it.joinBlocking() }
        repeat(5) { i ->
            seen["before-$i"] shouldBe "null"
            seen["after-$i"] shouldBe "thread-$i"
        }
        data.value shouldBe "main"
    }

    test("local(initial): each thread starts from initial(), called once per thread (a subclass's __init__)") {
        val inits = AtomicInteger()
        val counter = local { inits.incrementAndGet(); 0 }
        counter.value += 1
        counter.value += 1
        counter.value shouldBe 2
        val inThread = AtomicReference<Int>()
        val t = Thread {
            counter.value += 10
            inThread.set(counter.value)
        }
        t.start(); t.joinBlocking()
        inThread.get() shouldBe 10
        counter.value shouldBe 2
        inits.get() shouldBe 2
    }

    test("bad input: reading from a thread that never set it gives its initial value, or null") {
        val plain = local<Int>()
        val withInitial = local { "fresh" }
        val seen = AtomicReference<Pair<Int?, String>>()
        val t = Thread { seen.set(plain.value to withInitial.value) }
        plain.value = 7
        withInitial.value = "changed here"
        t.start(); t.joinBlocking()
        seen.get().first.shouldBeNull()
        seen.get().second shouldBe "fresh"
    }

    test("remove() is del mydata.attr: this thread reads null again, or initial() again; other threads keep theirs") {
        val plain = local<String>()
        plain.value = "mine"
        val inits = AtomicInteger()
        val counter = local { inits.incrementAndGet() * 100 }
        counter.value += 1
        val other = AtomicReference<Pair<String?, Int>>()
        val ready = java.util.concurrent.CountDownLatch(1)
        val removed = java.util.concurrent.CountDownLatch(1)
        val t = Thread {
            plain.value = "theirs"
            counter.value += 5
            ready.countDown()
            check(removed.await(30, java.util.concurrent.TimeUnit.SECONDS)) { "the main thread never removed its values" }
            other.set(plain.value to counter.value)
        }
        t.start()
        check(ready.await(30, java.util.concurrent.TimeUnit.SECONDS)) { "the thread never set its values" }
        plain.remove()
        counter.remove()
        removed.countDown()
        t.joinBlocking()
        plain.value.shouldBeNull()
        counter.value shouldBe 300          // initial() ran again: the third call (main, thread, main again)
        inits.get() shouldBe 3
        other.get() shouldBe ("theirs" to 205)
    }

    test("bad input: remove() of a value never set does nothing, and twice is fine") {
        val plain = local<Int>()
        plain.remove()
        plain.remove()
        plain.value.shouldBeNull()
        plain.value = 1
        plain.value shouldBe 1
    }

    test("values do not outlive the local: a dropped local's values are not shared with a new one") {
        val first = local<String>()
        first.value = "x"
        val second = local<String>()
        second.value.shouldBeNull()
        second.toString().startsWith("<Local at 0x") shouldBe true
    }
})
