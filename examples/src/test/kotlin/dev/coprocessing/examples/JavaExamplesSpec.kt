package dev.coprocessing.examples

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch

/** Each Java example runs as `./examples/run` runs it and shows what it is there to show. */
class JavaExamplesSpec : FunSpec({

    fun run(name: String): List<String> = outputOf(example(name)).filterNot { it.startsWith("=== ") }

    test("java-processes: ten children in any order, 'hahhahaha' after every join, then the Runnable's process") {
        val out = run("java-processes")
        out.take(10) shouldContainExactlyInAnyOrder (0 until 10).map { "start $it" }
        out.drop(10) shouldContainExactly listOf("hahhahaha", "hello from greeter", "greeter exit code 0")
    }

    test("java-process-subclass: five MyProcess children with CPython's subclass names, each ending with 0") {
        val out = run("java-process-subclass")
        val ran = out.filter { it.startsWith("task ") }
        ran.map { it.substringAfter("from ").substringBefore(" ") } shouldContainExactlyInAnyOrder (1..5).map { "MyProcess-$it" }
        ran.forEach { it shouldMatch Regex("task (\\d) from MyProcess-\\1 \\(pid \\d+\\)") }
        out.filterNot { it.startsWith("task ") } shouldContainExactly (1..5).map { "MyProcess-$it exit code 0" }
    }

    test("java-lock: each running line is followed by the same worker's done line") {
        val out = run("java-lock")
        out.size shouldBe 10
        out.chunked(2).forEach { (running, done) ->
            running shouldMatch Regex("(\\d): (\\d+) is running")
            done shouldBe running.replace(": ", ":").replace(" is running", " is done")
        }
        out.chunked(2).map { it[0].substringBefore(':') } shouldContainExactlyInAnyOrder (0 until 5).map { "$it" }
    }

    test("java-queue-and-pipe: buns eaten in the order made; pipe messages in order, then its end") {
        val out = run("java-queue-and-pipe")
        out.filter { it.startsWith("made ") }.map { it.removePrefix("made ") } shouldContainExactly (1..5).map { "bun $it" }
        out.filter { it.startsWith("ate ") }.map { it.removePrefix("ate ") } shouldContainExactly (1..5).map { "bun $it" }
        out.filter { it.startsWith("received ") || it.startsWith("the pipe") } shouldContainExactly
            listOf("received ping", "received pong", "received bye", "the pipe is closed and drained")
    }

    test("java-pool: squares in input order from at most three workers; the callback gets the async result") {
        val out = run("java-pool")
        val workers = out.filter { " squares " in it }
        workers.map { it.substringAfter(" squares ").toInt() } shouldContainExactlyInAnyOrder (0 until 10).toList()
        workers.map { it.substringBefore(" squares ") }.toSet().size shouldBeInRange 1..3
        workers.forEach { it shouldMatch Regex("SpawnPoolWorker-\\d+ squares \\d") }
        out.filterNot { " squares " in it } shouldContainExactly
            listOf("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "callback got 42", "get() = 42")
    }

    test("java-executor: CompletableFutures of the tasks compose: each square, their sum, then map in order") {
        run("java-executor") shouldContainExactly
            (1..5).map { "square ${it * it}" } + "sum of squares: 55" + listOf("map: 10", "map: 20", "map: 30")
    }

    test("java-manager: the locked and the atomic counts both end at 90; a value read is a copy; the block's value returns") {
        run("java-manager") shouldContainExactly listOf(
            "dict: {count=90, atomic=90}",
            "10 processes signed the list",
            "read [1, 2, 3], stored [1, 2]",
            "hits: 5",
            "tickets left: 2",
        )
    }

    test("java-threads: buyers in any order, n = 0 under the lock, a thread listed while alive, locals per thread") {
        val out = run("java-threads")
        out.take(3) shouldContainExactlyInAnyOrder listOf("buyer-apple bought apple", "buyer-pear bought pear", "buyer-plum bought plum")
        out.drop(3) shouldContainExactly listOf(
            "every buyer is back",
            "n = 0",
            "watcher is listed: true",
            "after join, watcher is listed: false",
            "alice sees alice",
            "bob sees null",
            "main sees main's user",
            "after remove(), main sees null",
            "excepthook got [doomed: java.io.IOException: disk full]",
            "time is up",
        )
    }
})
