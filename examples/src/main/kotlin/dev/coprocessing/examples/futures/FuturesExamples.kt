package dev.coprocessing.examples.futures

import dev.coprocessing.examples.Example

/** The seed programs about futures, in the order the seeds teach them. */
object FuturesExamples {
    val all: List<Example> = listOf()
}
