package dev.coprocessing.examples.readme

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly

class ReadmeExampleSpec : FunSpec({
    test("the README's example prints what the README promises") {
        outputOf(example("readme")).drop(1) shouldContainExactly listOf(
            "Process-1 got spam",
            "Process-1 got eggs",
            "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]",
        )
    }
})
