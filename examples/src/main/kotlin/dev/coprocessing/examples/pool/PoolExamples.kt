package dev.coprocessing.examples.pool

import dev.coprocessing.examples.Example

/** The seed programs about pool, in the order the seeds teach them. */
object PoolExamples {
    val all: List<Example> = listOf(
        Example(
            name = "pool-apply",
            seed = "001 Pool",
            summary = "apply is synchronous: five tasks, one line every half second, in order",
            virtualTime = false,
        ) { poolApply() },
        Example(
            name = "pool-apply-async",
            seed = "001 Pool",
            summary = "apply_async on Pool(3), then close, join and get: three pids serve ten tasks",
            virtualTime = false,
        ) { poolApplyAsync() },
        Example(
            name = "pool-no-return",
            seed = "001 Pool",
            summary = "apply_async with tasks that print; close and join wait for all of them",
            virtualTime = false,
        ) { poolNoReturn() },
        Example(
            name = "pool-async-results",
            seed = "001 Pool",
            summary = "apply_async with tasks that return; get prints them in submission order",
            virtualTime = false,
        ) { poolAsyncResults() },
        Example(
            name = "pool-map",
            seed = "001 Pool",
            summary = "map prints from the workers, then returns [0, 1, 4, ..., 81] in input order",
            virtualTime = false,
        ) { poolMap() },
        Example(
            name = "pool-vs-processes",
            seed = "001 Pool",
            summary = "Pool(5).map over 100 items against 100 Processes: both times printed",
            virtualTime = false,
        ) { poolVsProcesses() },
        Example(
            name = "pool-callback",
            seed = "001 Pool",
            summary = "the task runs in a worker, its callback in the main process's result handler",
            virtualTime = false,
        ) { poolCallback() },
        Example(
            name = "pool-echo-server",
            seed = "001 Pool",
            summary = "a TCP echo server on 127.0.0.1 whose connections a Pool(4) serves, with a built-in client",
            virtualTime = false,
        ) { poolEchoServer() },
    )
}
