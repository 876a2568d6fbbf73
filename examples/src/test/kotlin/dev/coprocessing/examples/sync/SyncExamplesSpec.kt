package dev.coprocessing.examples.sync

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch

/** Each line of [lines] without the runner's header. */
private fun body(lines: List<String>): List<String> = lines.filterNot { it.startsWith("=== ") }

/** The worker number a "running"/"done" line of the lock-workers examples is about. */
private fun worker(line: String): Int = line.substringBefore(':').trim().toInt()

class SyncExamplesSpec : FunSpec({

    test("workers-interleaved: every worker runs and finishes, and without a lock the lines interleave") {
        val lines = body(outputOf(example("workers-interleaved")))
        lines.size shouldBe 6
        lines.filter { "is running" in it }.map(::worker) shouldContainExactlyInAnyOrder listOf(0, 1, 2)
        lines.filter { "is done" in it }.map(::worker) shouldContainExactlyInAnyOrder listOf(0, 1, 2)
        // All three start before any sleeps ends: the first three lines are the three "running" lines.
        lines.take(3).all { "is running" in it } shouldBe true
    }

    test("workers-with-lock: each running line is followed by the same worker's done line") {
        val lines = body(outputOf(example("workers-with-lock")))
        lines.size shouldBe 10
        lines.chunked(2).forEach { (running, done) ->
            running shouldContain "is running"
            done shouldContain "is done"
            worker(done) shouldBe worker(running)
        }
        lines.chunked(2).map { worker(it[0]) } shouldContainExactlyInAnyOrder (0 until 5).toList()
    }

    test("three-tasks-one-lock: each introduction's three lines stay together") {
        val lines = body(outputOf(example("three-tasks-one-lock")))
        lines.size shouldBe 9
        val people = mapOf(
            "jerry" to listOf("hello iam jerry", "gender is boy", "age is 15"),
            "owen" to listOf("hello iam owen", "gender is girl", "age is 48"),
            "jason" to listOf("hello iam jason", "gender is women", "age is 26"),
        )
        val groups = lines.chunked(3)
        groups.map { it.first().removePrefix("hello iam ") } shouldContainExactlyInAnyOrder people.keys.toList()
        groups.forEach { group -> group shouldContainExactly people.getValue(group.first().removePrefix("hello iam ")) }
    }

    test("ticket-check: five people each read one ticket") {
        val lines = body(outputOf(example("ticket-check")))
        lines shouldContainExactlyInAnyOrder (0 until 5).map { "person$it 1" }
    }

    test("ticket-buy-unlocked: without a lock the single ticket is sold more than once") {
        val lines = body(outputOf(example("ticket-buy-unlocked")))
        val sold = lines.count { it.endsWith("bought a ticket") }
        // Every buyer reads before the first write, so the one ticket goes to more than one of them.
        sold shouldBeGreaterThan 1
        sold shouldBeLessThanOrEqual 5
        lines.last() shouldContain "\"count\":0"
    }

    test("ticket-buy-locked: exactly one of ten buyers gets the ticket, and the file ends at 0") {
        val lines = body(outputOf(example("ticket-buy-locked")))
        lines.count { it.endsWith("checked: 1 ticket(s) left") } shouldBe 10
        lines.count { it.endsWith("bought a ticket") } shouldBe 1
        lines.count { it.endsWith("got no ticket") } shouldBe 9
        lines.last() shouldBe "the file says {\"count\":0}"
    }

    test("ktv-semaphore: everyone sings, and never more than four are inside") {
        ktvSemaphoreShowsItsSeed(body(outputOf(example("ktv-semaphore"))))
    }

    test("event-basics: not set at first, a bounded wait times out, then set lets wait through") {
        body(outputOf(example("event-basics"))) shouldContainExactly
            listOf("false", "wait for 1 s on an unset event: false", "true", "1")
    }

    test("traffic-light: six red/green cycles, and every car passes while the light is green") {
        val lines = body(outputOf(example("traffic-light")))
        lines.count { "red light" in it } shouldBe 6
        lines.count { "green light" in it } shouldBe 6
        var light = "red"
        val passed = mutableListOf<String>()
        for (line in lines) {
            when {
                "red light" in line -> light = "red"
                "green light" in line -> light = "green"
                line.endsWith("passes the crossing") -> {
                    light shouldBe "green"
                    passed += line.substringBefore(' ')
                }
            }
        }
        passed shouldContainExactlyInAnyOrder (1..5).map { "car$it" }
    }

    test("deadlock-rlock: two Locks deadlock and the watchdog names the cycle; one RLock lets both eat") {
        val lines = body(outputOf(example("deadlock-rlock")))
        val (locks, rlock, twice) = lines.joinToString("\n").split(Regex("-- .* --\n?")).drop(1).map { it.trim().lines() }
        locks.take(2).toSet() shouldBe setOf("alice took the noodles", "bob took the fork")
        locks[2] shouldBe "deadlock detected, so both diners were stopped:"
        val lock = Regex("""<Lock\(owner=(?:alice|bob)\)> at 0x[0-9a-f]+""")
        locks[3] shouldMatch Regex("""  alice holds $lock and waits for $lock""")
        locks[4] shouldMatch Regex("""  bob holds $lock and waits for $lock""")
        // Each holds what the other waits for.
        val (aliceHolds, aliceWants) = lock.findAll(locks[3]).map { it.value }.toList()
        val (bobHolds, bobWants) = lock.findAll(locks[4]).map { it.value }.toList()
        aliceWants shouldBe bobHolds
        bobWants shouldBe aliceHolds
        locks.count { it.endsWith("eats") } shouldBe 0
        rlock.count { it.endsWith("eats") } shouldBe 2
        twice.first() shouldBe "got it!"
        twice.last() shouldContain "refused instead of hanging"
        twice.last() shouldContain "RLock"
    }
})

/** ktv-semaphore's property, on what it printed (no runner's header): everyone sings, never more than four inside. */
internal fun ktvSemaphoreShowsItsSeed(lines: List<String>) {
    lines.size shouldBe 12
    var inside = 0
    var most = 0
    for (line in lines) {
        if (line.endsWith("came in to sing")) inside++ else if (line.endsWith("left the KTV")) inside--
        most = maxOf(most, inside)
    }
    most shouldBe 4
    inside shouldBe 0
    lines.take(4).all { it.endsWith("came in to sing") } shouldBe true
}
