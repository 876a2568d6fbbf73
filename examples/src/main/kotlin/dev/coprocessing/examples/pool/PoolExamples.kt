package dev.coprocessing.examples.pool

import dev.coprocessing.examples.Example

/** The seed programs about pool, in the order the seeds teach them. */
object PoolExamples {
    val all: List<Example> = listOf()
}
