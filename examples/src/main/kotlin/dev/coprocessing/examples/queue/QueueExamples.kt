package dev.coprocessing.examples.queue

import dev.coprocessing.examples.Example

/** The seed programs about queue, in the order the seeds teach them. */
object QueueExamples {
    val all: List<Example> = listOf()
}
