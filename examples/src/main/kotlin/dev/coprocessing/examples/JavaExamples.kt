package dev.coprocessing.examples

import dev.coprocessing.examples.futures.ExecutorFromJava
import dev.coprocessing.examples.manager.ManagerFromJava
import dev.coprocessing.examples.pool.PoolFromJava
import dev.coprocessing.examples.process.ProcessesFromJava
import dev.coprocessing.examples.process.SubclassFromJava
import dev.coprocessing.examples.queue.QueueAndPipeFromJava
import dev.coprocessing.examples.sync.LockFromJava
import dev.coprocessing.examples.thread.ThreadsFromJava

/**
 * One Java program per area (examples/src/main/java), written as a Java user writes them: the blocking view,
 * where methods keep Python's names. Each is a plain `public static void main`; blocking Java code runs on
 * threads, so they always run in real time.
 */
object JavaExamples {
    val all: List<Example> = listOf(
        Example("java-processes", "Java", "ten lambda targets started, then joined; a Runnable's run as a target", virtualTime = false) {
            ProcessesFromJava.main(arrayOf())
        },
        Example("java-process-subclass", "Java", "a subclass of Process overriding run(): MyProcess-1 to MyProcess-5", virtualTime = false) {
            SubclassFromJava.main(arrayOf())
        },
        Example("java-lock", "Java", "five workers hold one Lock with try-with-resources: running/done pairs stay together", virtualTime = false) {
            LockFromJava.main(arrayOf())
        },
        Example("java-queue-and-pipe", "Java", "a Queue with a null sentinel, then a one-way Pipe read until EOFException", virtualTime = false) {
            QueueAndPipeFromJava.main(arrayOf())
        },
        Example("java-pool", "Java", "Pool(3).map returns the squares in input order; applyAsync with a callback", virtualTime = false) {
            PoolFromJava.main(arrayOf())
        },
        Example("java-executor", "Java", "ProcessPoolExecutor futures as CompletableFutures: thenApply, allOf, then map", virtualTime = false) {
            ExecutorFromJava.main(arrayOf())
        },
        Example("java-manager", "Java", "ten processes count a manager's dict down under its Lock and with update: {count=90, atomic=90}", virtualTime = false) {
            ManagerFromJava.main(arrayOf())
        },
        Example("java-threads", "Java", "Thread subclass and lambdas, a Lock around shared n, enumerate, local, excepthook, Timer", virtualTime = false) {
            ThreadsFromJava.main(arrayOf())
        },
    )
}
