package dev.coprocessing.examples.thread

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch

/** Each line of [lines] without the runner's header. */
private fun body(lines: List<String>): List<String> = lines.filterNot { it.startsWith("=== ") }

class ThreadExamplesSpec : FunSpec({

    test("threads-share-data: ten threads and then ten processes all change the one n") {
        body(outputOf(example("threads-share-data"))) shouldContainExactly listOf(
            "after 10 threads: n = 90 (threads share their process's memory)",
            "after 10 processes: n = 80 (default processes share this JVM's memory too;",
            "  on the spawn context each child is a JVM of its own and n would stay 90, as in CPython)",
        )
    }

    test("thread-daemon: main is done first, the daemon beats meanwhile, the worker ends the block, the daemon stops") {
        val lines = body(outputOf(example("thread-daemon")))
        lines.count { it == "daemon: beat" } shouldBeGreaterThan 1
        lines.filterNot { it == "daemon: beat" } shouldContainExactly listOf(
            "main: done (the block still waits for the non-daemon thread)",
            "non-daemon: done after 1 s",
            "block ended; the daemon is alive: false",
        )
    }

    test("thread-enumerate: each thread knows itself; enumerate lists them in start order, then not at all") {
        val lines = body(outputOf(example("thread-enumerate")))
        lines.take(3).forEach { it shouldMatch Regex("""thread \d is Thread-\d+, ident == getIdent\(\): true""") }
        lines.take(3).map { it.substringBefore(" is") } shouldContainExactlyInAnyOrder listOf("thread 0", "thread 1", "thread 2")
        lines.drop(3) shouldContainExactly listOf(
            "our three are among the ${lines[3].substringAfter("among the ").substringBefore(' ')} live threads: true",
            "they are listed in start order: true",
            "the main thread: MainThread, daemon=false",
            "this block's code runs on a thread the library did not start: true",
            "after join, live threads of ours: 0",
        )
    }

    test("deadlock-threads: two Locks deadlock and the timeout says so; one RLock lets both eat") {
        val lines = body(outputOf(example("deadlock-threads")))
        val split = lines.indexOf("-- one RLock under both names --")
        lines.first() shouldBe "-- two Locks, taken in opposite orders --"
        val locks = lines.subList(1, split)
        val rlock = lines.subList(split, lines.size)
        locks shouldContainExactlyInAnyOrder listOf(
            "alice took the noodles",
            "bob took the fork",
            "alice waited 1 s for the fork: deadlock! alice puts the noodles down",
            "bob waited 1 s for the noodles: deadlock! bob puts the fork down",
        )
        rlock.drop(1) shouldContainExactlyInAnyOrder listOf(
            "alice took the noodles", "alice took the fork and eats",
            "bob took the fork", "bob took the noodles and eats",
        )
    }

    test("thread-pool: the squares in order, and a task runs in MainProcess on a worker thread") {
        body(outputOf(example("thread-pool"))) shouldContainExactly listOf(
            "squares: [1, 4, 9, 16, 25, 36]",
            "a task runs in: MainProcess / (worker)",
        )
    }
})
