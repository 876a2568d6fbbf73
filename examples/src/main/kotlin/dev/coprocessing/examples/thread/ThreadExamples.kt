package dev.coprocessing.examples.thread

import dev.coprocessing.examples.Example

/** The seed programs about threads, in the order seed 003 teaches them. They run in real time: threads block. */
object ThreadExamples {
    val all: List<Example> = listOf(
        Example(
            name = "threads-share-data", seed = "003 threading",
            summary = "ten threads each take one from n: the main code sees all ten (threads share memory)",
            virtualTime = false,
        ) { threadsShareData() },
        Example(
            name = "thread-daemon", seed = "003 threading",
            summary = "a daemon beats while the block waits for a non-daemon thread, then stops with the block",
            virtualTime = false,
        ) { daemonThreads() },
        Example(
            name = "thread-enumerate", seed = "003 threading",
            summary = "currentThread, activeCount and enumerate while three threads run",
            virtualTime = false,
        ) { enumerateThreads() },
        Example(
            name = "deadlock-threads", seed = "003 RLock",
            summary = "two threads take two Locks in opposite orders and deadlock (a timeout says so); one RLock fixes it",
            virtualTime = false,
        ) { deadlockThreads() },
        Example(
            name = "thread-pool", seed = "003 pools",
            summary = "ThreadPool(3).map: a Pool whose workers are threads of this process",
            virtualTime = false,
        ) { threadPoolMap() },
    )
}
