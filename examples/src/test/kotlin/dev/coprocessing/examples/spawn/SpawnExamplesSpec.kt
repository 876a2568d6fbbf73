package dev.coprocessing.examples.spawn

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldStartWith

/** Each spawn example shows the property its seed teaches, with real worker JVMs. */
class SpawnExamplesSpec : FunSpec({
    test("spawn-isolation: every child prints 999 from its own copy, the parent still has 1000") {
        val out = outputOf(example("spawn-isolation")).drop(1)
        out.dropLast(1) shouldBe List(10) { "999" }
        out.last() shouldBe "___>>> 1000"
    }

    test("spawn-cpu-map: the counts of primes, computed in other processes") {
        val out = outputOf(example("spawn-cpu-map")).drop(1)
        out.first() shouldBe "primes in [0, 25000): 2762"
        out shouldContain "total: 17984"
        out.last() shouldBe "worker JVMs are other processes: true"
    }

    test("spawn-crash: the crashed worker's task fails with its exit code, and the pool serves on") {
        val out = outputOf(example("spawn-crash")).drop(1)
        out[0] shouldStartWith "before: served by SpawnPoolWorker-"
        out[1] shouldBe "lost: exit code 3"
        out[2] shouldStartWith "after: served by SpawnPoolWorker-"
    }
})
