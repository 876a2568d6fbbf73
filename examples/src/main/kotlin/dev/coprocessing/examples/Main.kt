package dev.coprocessing.examples

import dev.coprocessing.docs.readme.main as readme
import dev.coprocessing.examples.cluster.ClusterExamples
import dev.coprocessing.examples.futures.FuturesExamples
import dev.coprocessing.examples.manager.ManagerExamples
import dev.coprocessing.examples.spawn.SpawnExamples
import dev.coprocessing.examples.pool.PoolExamples
import dev.coprocessing.examples.process.ProcessExamples
import dev.coprocessing.examples.queue.QueueExamples
import dev.coprocessing.examples.sync.SyncExamples
import dev.coprocessing.examples.thread.ThreadExamples
import kotlin.system.exitProcess
import kotlin.time.Duration.Companion.minutes
import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlinx.coroutines.test.runTest

/** Every example, grouped as the seeds teach them. */
val allExamples: List<Example> =
    ProcessExamples.all + SyncExamples.all + QueueExamples.all + PoolExamples.all + FuturesExamples.all + ThreadExamples.all +
        ManagerExamples.all + SpawnExamples.all + ClusterExamples.all +
        Example("readme", "README", "the README's example: a queue with a None sentinel, then a pool", virtualTime = false) {
            readme()
        } + JavaExamples.all

private const val USAGE = """usage: ./examples/run [--fast] [--list] [name ...]
  (no name)  run every example, one after another
  name ...   run the named examples
  --list     list the examples with what each shows
  --fast     run on virtual time: sleeps take no real time (examples with threads or sockets still run in real time)"""

fun main(args: Array<String>) {
    val fast = "--fast" in args
    val names = args.filterNot { it.startsWith("--") }
    when {
        "--help" in args || "-h" in args -> println(USAGE)
        "--list" in args -> allExamples.groupBy { it.seed }.forEach { (seed, examples) ->
            println("$seed:")
            examples.forEach { println("  %-24s %s".format(it.name, it.summary)) }
        }
        else -> {
            val unknown = names.filter { name -> allExamples.none { it.name == name } }
            if (unknown.isNotEmpty()) {
                System.err.println("unknown example(s): ${unknown.joinToString()}; ./examples/run --list shows them all")
                exitProcess(2)
            }
            val chosen = if (names.isEmpty()) allExamples else names.map { name -> allExamples.first { it.name == name } }
            chosen.forEach { run(it, fast) }
        }
    }
}

/** Runs one example: on virtual time when [fast] and the example allows it, otherwise on real time. */
fun run(example: Example, fast: Boolean) {
    println("=== ${example.name} (${example.seed}): ${example.summary}")
    if (fast && example.virtualTime) {
        runTest(timeout = 5.minutes) { example.body() }
    } else {
        runAsSuspendMain { example.body() }
    }
    println()
}

/**
 * Runs [body] exactly as the JVM runs a `suspend fun main`: with no dispatcher at all, the calling thread
 * waiting for the end. Examples run the way a user's program would, with no help from a runner.
 */
fun runAsSuspendMain(body: suspend () -> Unit) {
    val ended = java.util.concurrent.CompletableFuture<Unit>()
    body.startCoroutine(Continuation(EmptyCoroutineContext) { result -> result.fold(ended::complete, ended::completeExceptionally) })
    try {
        ended.get()
    } catch (e: java.util.concurrent.ExecutionException) {
        throw e.cause ?: e
    }
}
