package dev.coprocessing.examples.pool

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldMatch

/** Each pool example shows what its seed program shows; timings are printed, never asserted. */
class PoolExamplesSpec : FunSpec({

    test("pool-apply: synchronous apply prints func0..func4 in order, each from a worker") {
        val lines = outputOf(example("pool-apply")).drop(1)
        lines.map { it.substringBefore(' ') } shouldContainExactly (0 until 5).map { "func$it" }
        lines.forEach { it shouldMatch Regex("func\\d \\d+") }
    }

    test("pool-apply-async: three workers serve ten tasks; get returns the squares in submission order") {
        val lines = outputOf(example("pool-apply-async")).drop(1)
        val runs = lines.filter { it.endsWith(" run") }
        runs.size shouldBe 10
        runs.map { it.substringBefore(' ') }.toSet().size shouldBeLessThanOrEqual 3
        lines.filterNot { it.endsWith(" run") } shouldContainExactly (0 until 10).map { (it * it).toString() }
    }

    test("pool-no-return: every task printed its stars before join returned") {
        val lines = outputOf(example("pool-no-return")).drop(1)
        lines shouldContainExactlyInAnyOrder listOf("*", "**", "***", "****") // the empty line of i = 0 is blank
    }

    test("pool-async-results: get prints the results in submission order") {
        outputOf(example("pool-async-results")).drop(1) shouldContainExactly listOf("*", "**", "***", "****")
    }

    test("pool-map: the workers print, then map returns the squares in input order") {
        poolMapShowsItsSeed(outputOf(example("pool-map")).drop(1))
    }

    test("pool-vs-processes: both times are printed") {
        outputOf(example("pool-vs-processes")).last() shouldMatch Regex("pool: \\d+\\.\\d+ s, 100 processes: \\d+\\.\\d+ s")
    }

    test("pool-callback: the task runs in a worker, the callback in the main process's result handler") {
        val lines = outputOf(example("pool-callback")).drop(1)
        val mainPid = Regex("main process: MainProcess pid=(\\d+)").matchEntire(lines[0])!!.groupValues[1]
        val func1 = Regex("in func1 (SpawnPoolWorker-\\d+) pid=(\\d+)").matchEntire(lines[1])!!
        (func1.groupValues[2] != mainPid) shouldBe true
        lines[2] shouldMatch Regex("in func2 MainProcess pid=$mainPid thread=Pool-\\d+-result-handler.*")
        lines[3] shouldBe "100"
    }

    test("pool-echo-server: every message comes back in upper case; four workers at most serve the connections") {
        val lines = outputOf(example("pool-echo-server")).drop(1)
        val echoes = lines.filter { " -> " in it }
        echoes.size shouldBe 9
        echoes.forEach { line ->
            val (sent, got) = line.split(" -> ")
            got shouldBe sent.uppercase()
        }
        val workers = lines.filter { it.startsWith("worker ") }
        workers.size shouldBe 3
        workers.map { it.substringAfter("pid: ") }.toSet().size shouldBeLessThanOrEqual 4
        lines.last() shouldMatch Regex("served 3 connections on 127\\.0\\.0\\.1:\\d+")
        lines shouldContain lines.last()
    }
})

/** pool-map's property, on what it printed (no runner's header): the workers print, then the squares in input order. */
internal fun poolMapShowsItsSeed(lines: List<String>) {
    lines.dropLast(1) shouldContainExactlyInAnyOrder listOf("*", "**", "***", "****")
    lines.last() shouldBe "[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]"
}
