package dev.coprocessing.examples.process

import dev.coprocessing.examples.Example

/** The seed programs about process, in the order the seeds teach them. */
object ProcessExamples {
    val all: List<Example> = listOf()
}
