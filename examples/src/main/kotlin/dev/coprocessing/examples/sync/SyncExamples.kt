package dev.coprocessing.examples.sync

import dev.coprocessing.examples.Example

/** The seed programs about sync, in the order the seeds teach them. */
object SyncExamples {
    val all: List<Example> = listOf()
}
