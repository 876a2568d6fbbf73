package dev.coprocessing.examples.queue

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeSorted
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe

/** Each queue and pipe example runs (on virtual time) and shows what its seed demonstrates. */
class QueueExamplesSpec : FunSpec({

    fun run(name: String): List<String> = outputOf(example(name)).filterNot { it.startsWith("=== ") }

    test("queue-eval: the four results come back in the order they were put") {
        run("queue-eval") shouldContainExactly listOf("[6, 1, 2]", "12", "18", "24")
    }

    test("queue-bounded: a full queue blocks put and refuses putNowait; an empty one blocks get and refuses getNowait") {
        run("queue-bounded") shouldContainExactly listOf(
            "123",
            "put(4) is still blocked after 2 s: the queue is full, it would wait forever",
            "putNowait(4) raised Full",
            "12345",
            "1", "2", "3",
            "getNowait() raised Empty",
            "get() is still blocked after 2 s: the queue is empty, it would wait forever",
        )
    }

    test("queue-batch: ten messages put, each got exactly once") {
        val out = run("queue-batch")
        val puts = out.filter { "(put):" in it && "(get):" !in it }
        val gets = out.filter { "(get):" in it }.map { it.substringAfter("(get):") }
        puts shouldHaveSize 10
        gets shouldContainExactlyInAnyOrder puts
    }

    test("producer-consumer: buns eaten in the order made, then the sentinel stops the consumer") {
        producerConsumerShowsItsSeed(run("producer-consumer"))
    }

    test("producer-consumer-2x2: all twenty buns eaten once, both consumers get a sentinel") {
        val out = run("producer-consumer-2x2")
        val made = out.filter { " made " in it }.map { it.substringAfter(" made ") }
        val eaten = out.filter { " ate " in it }.map { it.substringAfter(" ate ") }
        made shouldHaveSize 20
        eaten shouldContainExactlyInAnyOrder made
        out.count { it.endsWith("got the sentinel and stops") } shouldBe 2
    }

    test("joinable-kitchen: every dish is eaten before the cooks' join returns") {
        val out = run("joinable-kitchen")
        val made = out.filter { " made " in it }.map { it.substringAfter(" made ").let { d -> it.substringBefore(" made ") + d } }
        val eaten = out.filter { " ate " in it }.map { it.substringAfter(" ate ") }
        made shouldHaveSize 20
        eaten shouldContainExactlyInAnyOrder made
        out.last() shouldBe "the cooks are done: every dish has been eaten"
    }

    test("pipe-ping: the child's greeting, then left to right") {
        run("pipe-ping") shouldContainExactly listOf("Hello The_Third_Wave", "1234")
    }

    test("pipe-sentinel: twenty messages, then the marker stops the reader") {
        run("pipe-sentinel") shouldContainExactly List(20) { "have you eaten?" }
    }

    test("pipe-eof: twenty messages, then EOF once the sending end is closed") {
        run("pipe-eof") shouldContainExactly List(20) { "have you eaten?" } +
            "EOF: the sending end is closed and every message has been received"
    }

    test("pipe-producer-consumer: every portion received in order, and the consumer stops on EOF") {
        val out = run("pipe-producer-consumer")
        val sent = out.filter { it.startsWith("alex") }
        sent shouldContainExactly (0 until 10).map { "alex slop $it" }
        out.filter { it.startsWith("egon ate ") }.map { it.removePrefix("egon ate ") } shouldContainExactly sent
    }

    test("pipe-producer-consumer-004: five sent at once, five received in order") {
        val out = run("pipe-producer-consumer-004")
        out.take(5).all { it.startsWith("producer zyx") } shouldBe true
        out.drop(5).map { it.substringAfter(":>>>>  ") } shouldContainExactly out.take(5).map { it.substringAfter(":>>>>  ") }
    }

    test("cook-and-eater: never more than 3 dishes on the counter, each eaten once, in order") {
        val out = run("cook-and-eater")
        out.filter { it.startsWith("cook made") }.map { it.substringAfter("(").substringBefore(" on").toInt() }
            .forEach { check(it <= 3) { "$it dishes on a counter of 3" } }
        out.filter { it.startsWith("eater ate") }.map { it.substringAfter("dish ").toInt() } shouldContainExactly (1..8).toList()
        out shouldContain "eater waited 2 s and nothing came: done"
        out.last() shouldBe "put(block = false) on a full counter raised Full"
    }

    test("lifo-priority: three orders") {
        run("lifo-priority") shouldContainExactly listOf(
            "Queue:         [1, 2, 3]",
            "LifoQueue:     [3, 2, 1]",
            "PriorityQueue: 1 fix the outage",
            "PriorityQueue: 1 call the customer",
            "PriorityQueue: 2 answer the email",
            "PriorityQueue: 3 write the report",
        )
    }

    test("queue-api: the five calls") {
        run("queue-api") shouldContainExactly listOf(
            "2", "3", "4", "false", "false", "1", "1", "1", "getNowait() on an empty queue raised Empty",
        )
    }

    test("queue-between-processes: parent and child, then child and child") {
        run("queue-between-processes") shouldContainExactly listOf(
            "from the main process :>>> main process",
            "from the child process :>>> dau process",
            "1 put",
            "2 get:>>> dau process one put",
        )
    }

    test("producer-consumer-hangs: four portions eaten, then both customers would hang") {
        val out = run("producer-consumer-hangs")
        out.count { it.startsWith("producer") } shouldBe 4
        out.filter { " is eating " in it }.map { it.substringAfter("eating ") } shouldContainExactlyInAnyOrder
            listOf("ice", "ice", "cream", "cream")
        out.count { it.endsWith("without a timeout it would hang forever") } shouldBe 2
    }

    test("producer-consumer-over: each customer eats until it gets one \"over\"") {
        val out = run("producer-consumer-over")
        val eaten = out.filter { " is eating " in it }.map { it.substringAfter("eating ") }
        eaten shouldContainExactlyInAnyOrder listOf("ice", "ice", "cream", "cream", "over", "over")
        listOf("onee", "twoe").forEach { name -> out.last { it.startsWith(name) } shouldBe "$name is eating over" }
    }

    test("producer-consumer-joinable: four portions eaten, no marker, and it ends") {
        val out = run("producer-consumer-joinable")
        out.count { it.startsWith("producer") } shouldBe 4
        out.filter { " is eating " in it }.map { it.substringAfter("eating ") } shouldContainExactlyInAnyOrder
            listOf("ice", "ice", "cream", "cream")
    }

    test("every queue and pipe example is registered once, under its seed") {
        QueueExamples.all.map { it.name }.toSet() shouldHaveSize QueueExamples.all.size
        QueueExamples.all.map { it.seed.take(3) }.shouldBeSorted()
        QueueExamples.all.map { it.seed.take(3) }.toSet() shouldContainAll listOf("000", "001", "002", "003", "004")
    }
})

/** producer-consumer's property, on what it printed (no runner's header): buns eaten in the order they were made. */
internal fun producerConsumerShowsItsSeed(out: List<String>) {
    out.filter { " made " in it }.map { it.substringAfter("bun ").toInt() } shouldContainExactly (1..10).toList()
    out.filter { " ate " in it }.map { it.substringAfter("bun ").toInt() } shouldContainExactly (1..10).toList()
}
