package dev.coprocessing.examples.futures

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe

/** Each seed program about executors runs and shows what the seed teaches. */
class FuturesExamplesSpec : FunSpec({

    test("executor-map: map returns at once, and the results come in input order from at most five workers") {
        val out = outputOf(example("executor-map"))
        val results = out.filter { it.startsWith("result ") }.map { it.removePrefix("result ").toInt() }
        results shouldContainExactly (1..10).map { it * it }
        out.indexOfFirst { it.startsWith("map returned at once") } shouldBeLessThan out.indexOfFirst { it.startsWith("result ") }
        val workers = out.filter { it.contains("ran in") }.map { it.substringAfter("ran in ") }.toSet()
        workers.size shouldBeInRange 1..5
    }

    test("executor-submit-loop: submitting in a loop and reading in order is map") {
        val out = outputOf(example("executor-submit-loop"))
        out.filter { it.startsWith("result ") }.map { it.removePrefix("result ").toInt() } shouldContainExactly
            (1..10).map { it * (it + 1) }
    }

    test("executor-submit-result: the arrow is printed before the result, which is twenty stars") {
        submitResultShowsItsSeed(outputOf(example("executor-submit-result")).filterNot { it.startsWith("=== ") })
    }

    test("executor-done-callback: one callback per task, each in the main process") {
        val out = outputOf(example("executor-done-callback"))
        val callbacks = out.filter { it.startsWith("callback in ") }
        callbacks.size shouldBe 5
        callbacks.all { it.startsWith("callback in MainProcess:") } shouldBe true
        callbacks.map { it.substringAfter(": task ").substringBefore(" computed") }.toSet() shouldBe setOf("1", "2", "3", "4", "5")
        out.last() shouldBe "all callbacks have run"
    }

    test("executor-shutdown: shutdown returns after every task, and a later submit fails") {
        val out = outputOf(example("executor-shutdown"))
        val returned = out.indexOf("main: shutdown() returned after every task")
        out.filter { it.matches(Regex("task \\d done")) }.size shouldBe 6
        out.indexOfLast { it.matches(Regex("task \\d done")) } shouldBeLessThan returned
        out.last() shouldBe "main: cannot schedule new futures after shutdown: submit before shutdown() " +
            "(or the end of use { }), or make a new executor"
    }
})

/** executor-submit-result's property, on what it printed (no runner's header): the arrow, then twenty stars. */
internal fun submitResultShowsItsSeed(out: List<String>) {
    out shouldContainExactly listOf("---->", "*".repeat(20))
}
