package dev.coprocessing.examples.futures

import dev.coprocessing.examples.Example

/** The seed programs about futures, in the order the seeds teach them. */
object FuturesExamples {
    val all: List<Example> = listOf(
        Example(
            name = "executor-map",
            seed = "003 concurrent.futures",
            summary = "ProcessPoolExecutor(5).map: returns at once, results lazy and in order",
            virtualTime = false,
        ) { executorMap() },
        Example(
            name = "executor-submit-loop",
            seed = "003 concurrent.futures",
            summary = "for + submit = map: one Future per task, results read in order",
            virtualTime = false,
        ) { submitLoop() },
        Example(
            name = "executor-submit-result",
            seed = "003 concurrent.futures",
            summary = "submit returns at once; result() waits; '---->' comes before the stars",
            virtualTime = false,
        ) { submitResult() },
        Example(
            name = "executor-done-callback",
            seed = "003 concurrent.futures",
            summary = "addDoneCallback: results handled in finishing order, in the main process",
            virtualTime = false,
        ) { doneCallback() },
        Example(
            name = "executor-shutdown",
            seed = "003 concurrent.futures",
            summary = "shutdown() waits for every task; submitting afterwards fails",
            virtualTime = false,
        ) { shutdownWaits() },
    )
}
