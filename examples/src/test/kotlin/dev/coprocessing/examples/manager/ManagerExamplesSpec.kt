package dev.coprocessing.examples.manager

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe

/** Each line of [lines] without the runner's header. */
private fun body(lines: List<String>): List<String> = lines.filterNot { it.startsWith("=== ") }

class ManagerExamplesSpec : FunSpec({

    test("manager-dict: the child and the parent both see the child's change") {
        body(outputOf(example("manager-dict"))) shouldContainExactly listOf("{count=99}", "{count=99}")
    }

    test("manager-race-and-lock: updates are lost without a lock, and the count ends at 0 with one or with update") {
        val lines = body(outputOf(example("manager-race-and-lock")))
        lines.size shouldBe 3
        val racy = lines[0].removePrefix("without a lock: {count=").removeSuffix("}").toInt()
        racy shouldBeGreaterThan 0
        lines.drop(1) shouldContainExactly listOf("with a lock: {count=0}", "with update { }: {count=0}")
    }

    test("manager-countdown: after two seconds all ten have counted down") {
        body(outputOf(example("manager-countdown"))) shouldContainExactly listOf("{num=0}")
    }
})
