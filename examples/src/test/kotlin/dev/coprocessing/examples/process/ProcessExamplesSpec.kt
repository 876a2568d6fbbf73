package dev.coprocessing.examples.process

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldNotContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith

/** Each process example shows the property its seed teaches. */
class ProcessExamplesSpec : FunSpec({

    fun List<String>.indexOfFirstStarting(prefix: String) = indexOfFirst { it.startsWith(prefix) }.also {
        check(it >= 0) { "no line starts with '$prefix' in $this" }
    }

    test("first-process: start() does not wait, the main process prints first, the child still finishes") {
        val out = outputOf(example("first-process")).drop(1)
        out.first() shouldStartWith "main1"
        out.last() shouldStartWith "end"
    }

    test("join-blocks: 'main' comes after the child's 'end'") {
        val out = outputOf(example("join-blocks"))
        (out.indexOfFirstStarting("end") < out.indexOfFirstStarting("main ")) shouldBe true
    }

    test("ten-processes: ten children, then 'hahhahaha' last") {
        val out = outputOf(example("ten-processes")).drop(1)
        out.dropLast(1) shouldContainExactlyInAnyOrder (0 until 10).map { "start $it" }
        out.last() shouldBe "hahhahaha"
    }

    test("daemon: son1 stops when the main body ends, son2 prints five times") {
        val out = outputOf(example("daemon"))
        val end = out.indexOfFirstStarting("main body ends")
        out.count { it == "son2222" } shouldBe 5
        out.count { it == "son1 alive" } shouldBe 4   // at 0, 0.5, 1 and 1.5 s
        out.drop(end).shouldNotContain("son1 alive")
    }

    test("is-alive and terminate: alive while running, still alive right after terminate(), gone later") {
        outputOf(example("is-alive")).drop(1).first() shouldBe "true"
        val out = outputOf(example("terminate")).drop(1).filterNot { it == "son1 alive" }
        out shouldContainExactly listOf("true", "true", "false", "exit code -15")
    }

    test("class-servers: the daemon server stops with the main body, the other prints five times") {
        val out = outputOf(example("class-servers"))
        val end = out.indexOfFirstStarting("0.0 s") // no real time passes on virtual time
        out.count { it == "MYserver2222" } shouldBe 5
        out.drop(end).none { it.startsWith("MYserver1") } shouldBe true
    }

    test("data-isolation: copies stay 999 and the parent's n 1000; a shared object reaches 990") {
        val out = outputOf(example("data-isolation"))
        val half = out.indexOf("___>>> 1000")
        out.subList(1, half).count { it == "999" } shouldBe 10
        out.subList(half + 1, out.size - 1).map { it.toInt() } shouldContainExactlyInAnyOrder (990 until 1000).toList()
        out.last() shouldBe "shared ___>>> 990"
    }

    test("emperor-and-consort: the daemon consort never reaches the end of her 50 s life") {
        val out = outputOf(example("emperor-and-consort"))
        out shouldContain "the story is over!"
        out.none { it.contains("died of illness") } shouldBe true
    }

    test("buy-fruit: join order, start-all-join-all, and serial trips") {
        val each = outputOf(example("buy-fruit-join-each"))
        val backs = listOf("oranges", "apples", "durian").map { each.indexOf("the one buying $it is back") }
        backs shouldBe backs.sorted()
        listOf("oranges", "apples", "durian").forEach { fruit ->
            (each.indexOf("end buy $fruit") < each.indexOf("the one buying $fruit is back")) shouldBe true
        }
        val all = outputOf(example("buy-fruit-join-all"))
        all.last() shouldBe "everyone is back"
        all.count { it.startsWith("end buy") } shouldBe 3
        val serial = outputOf(example("buy-fruit-serial")).drop(1).dropLast(1).map { it.substringBefore(" buy") }
        serial shouldContainExactly listOf("start", "end", "start", "end", "start", "end")
    }

    test("process-info: the child's ppid is the main pid; terminate() leaves them alive for a moment") {
        val out = outputOf(example("process-info"))
        val ppid = out.first { it.startsWith("os.getppid()") }.substringAfter("= ").trim()
        val mainPid = out.first { it.startsWith("main pid") }.substringAfter("= ").trim()
        ppid shouldBe mainPid
        out.count { it.startsWith("alive right after terminate: true") } shouldBe 5
        out.last() shouldBe "exit codes after join: [-15, -15, -15, -15, -15]"
    }

    test("five-subclassed: five MyProcess children with CPython's subclass names") {
        fiveSubclassedShowsItsSeed(outputOf(example("five-subclassed")).drop(1))
    }

    test("emperor-and-stewards: a normal child outlives the main body, a daemon does not") {
        val out = outputOf(example("emperor-and-stewards"))
        val split = out.indexOf("-- a daemon child --")
        val normal = out.subList(0, split)
        val daemon = out.subList(split, out.size)
        (normal.indexOf("emperor a passed away!") < normal.indexOf("steward abc :>>> end of life!")) shouldBe true
        daemon.none { it.contains("end of life") } shouldBe true
        daemon.any { it.startsWith("setting daemon after start: process has already started") } shouldBe true
    }

    test("tcp-per-client: every client gets every echo back, and every process ends cleanly") {
        val out = outputOf(example("tcp-per-client"))
        out.count { Regex("client \\d got: HELLO \\d FROM CLIENT \\d").matches(it) } shouldBe 9
        out.last() shouldBe "served 3 clients; exit codes [0, 0, 0, 0]"
    }
})

/** five-subclassed's property, on what it printed (no runner's header): five children named as CPython names them. */
internal fun fiveSubclassedShowsItsSeed(out: List<String>) {
    out.map { it.substringAfter("from ").substringBefore(" ") } shouldContainExactlyInAnyOrder
        (1..5).map { "MyProcess-$it" }
}
