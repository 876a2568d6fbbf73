package dev.coprocessing.reliability

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.WorkerLostError
import dev.coprocessing.context.getContext
import dev.coprocessing.futures.Future
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.testing.LeakCheck
import dev.coprocessing.testing.capturingStderr
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The same faults on the spawn start method, where every worker is a JVM of its own, killed from outside at
 * random (`kill -9` of its OS process). A pool fails only the tasks a lost worker held, with [WorkerLostError],
 * replaces the worker and serves on; a process executor breaks, failing what is pending with [BrokenProcessPool];
 * processes started and stopped at random end with the exit code they earned. No task runs twice (each run is
 * recorded as a file named after its task, which every JVM sees), and no worker JVM is left once its owner has
 * ended. Few and small: a JVM costs about 0.3 s to start.
 */
class SpawnStressSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    val spawn = getContext("spawn")
    val rounds = Reliability.pick(quick = 1, long = 20)

    test("Pool on spawn, workers killed at random: each task's result or WorkerLostError, none run twice, and it serves on") {
        seeded("spawn pool kills") { random ->
            capturingStderr {
                withContext(Dispatchers.Default) {
                    repeat(rounds) {
                        withTimeout(180.seconds) {
                            multiprocessing {
                                val n = 24
                                // Each run leaves a file named after its task: the files count the runs, across JVMs.
                                val runsDir = java.nio.file.Files.createTempDirectory("spawn-runs").toFile()
                                val dir = runsDir.path
                                val pool = spawn.Pool(2)
                                try {
                                    val pauses = LongArray(n) { 50L + random.nextLong(100) }
                                    val results: List<AsyncResult<Int>> = List(n) { i ->
                                        val pause = pauses[i]
                                        pool.applyAsync {
                                            java.io.File(dir, "$i-${System.nanoTime()}-${ProcessHandle.current().pid()}").createNewFile()
                                            Thread.sleep(pause)
                                            i * 2
                                        }
                                    }
                                    // Once the workers serve (their JVMs are up), kill two of them while they work.
                                    results.first().get(timeout = 60.seconds)
                                    var kills = 0
                                    repeat(2) {
                                        delay(random.nextLong(400))
                                        if (killOneWorkerJvm(random)) kills++
                                    }
                                    val outcomes = results.map { r -> runCatching { r.get(timeout = 60.seconds) } }
                                    val runs = IntArray(n)
                                    runsDir.listFiles()!!.forEach { runs[it.name.substringBefore('-').toInt()]++ }
                                    runsDir.deleteRecursively()
                                    outcomes.forEachIndexed { i, outcome ->
                                        check(runs[i] <= 1) { "task $i ran ${runs[i]} times" }
                                        outcome.onSuccess { check(it == i * 2 && runs[i] == 1) { "task $i gave $it after ${runs[i]} runs" } }
                                        outcome.onFailure { check(it is WorkerLostError) { "task $i failed with $it" } }
                                    }
                                    println("spawn pool: $kills workers killed, ${outcomes.count { it.isFailure }} of $n tasks lost with them")
                                    pool.apply { 6 * 7 } shouldBe 42
                                } finally {
                                    pool.terminate()
                                    pool.join()
                                }
                            }
                        }
                    }
                }
            }
            LeakCheck.assertNothingLive("after the spawn pool rounds")
        }
    }

    test("a Pool worker JVM killed while it starts is replaced: the pool does not break") {
        capturingStderr {
            withContext(Dispatchers.Default) {
                withTimeout(180.seconds) {
                    multiprocessing {
                        val pool = spawn.Pool(1)
                        try {
                            // Kill the worker's JVM as soon as it exists, most often before it has called back.
                            var killed = false
                            val deadline = System.nanoTime() + 30_000_000_000L
                            while (!killed && System.nanoTime() < deadline) {
                                killed = killOneWorkerJvm(Random(0))
                                if (!killed) delay(1)
                            }
                            check(killed) { "no worker JVM appeared within 30 s" }
                            pool.apply { 6 * 7 } shouldBe 42
                        } finally {
                            pool.terminate()
                            pool.join()
                        }
                    }
                }
            }
        }
        LeakCheck.assertNothingLive("after the worker killed while it started")
    }

    test("ProcessPoolExecutor on spawn, a worker killed while it works: every future settles, the rest with BrokenProcessPool") {
        seeded("spawn executor kill") { random ->
            capturingStderr {
                withContext(Dispatchers.Default) {
                    withTimeout(180.seconds) {
                        multiprocessing {
                            val ex = spawn.ProcessPoolExecutor(2)
                            try {
                                val futures: List<Future<Int>> = List(12) { i -> ex.submit { Thread.sleep(100); i } }
                                futures.first().result(timeout = 60.seconds) // its workers are up
                                delay(random.nextLong(200))
                                check(killOneWorkerJvm(random)) { "no worker JVM to kill" }
                                val outcomes = futures.map { f -> runCatching { withTimeout(60.seconds) { f.result() } } }
                                outcomes.forEachIndexed { i, outcome ->
                                    outcome.onSuccess { check(it == i) { "future $i gave $it" } }
                                    outcome.onFailure { check(it is BrokenProcessPool) { "future $i failed with $it" } }
                                }
                                if (outcomes.any { it.isFailure }) shouldThrow<BrokenProcessPool> { ex.submit { 1 } }
                            } finally {
                                ex.shutdown(wait = true, cancelFutures = true)
                            }
                        }
                    }
                }
            }
            LeakCheck.assertNothingLive("after the spawn executor")
        }
    }

    test("spawn processes started, terminated, killed and joined at random end with the exit code they earned") {
        seeded("spawn process churn") { random ->
            withContext(Dispatchers.Default) {
                withTimeout(180.seconds) {
                    multiprocessing {
                        repeat(rounds) {
                            val stops = IntArray(4) { random.nextInt(3) }
                            val processes = List(4) { i -> spawn.Process { if (i % 2 == 0) Thread.sleep(60_000) } }
                            processes.forEach { it.start() }
                            processes.forEachIndexed { i, p ->
                                when {
                                    i % 2 == 0 || stops[i] == 1 -> p.terminate()
                                    stops[i] == 2 -> p.kill()
                                }
                            }
                            processes.forEachIndexed { i, p ->
                                p.join(timeout = 60.seconds)
                                check(!p.isAlive()) { "$p did not end" }
                                val expected = when {
                                    i % 2 == 0 || stops[i] == 1 -> setOf(-15, 0)
                                    stops[i] == 2 -> setOf(-9, 0)
                                    else -> setOf(0)
                                }
                                check(p.exitCode in expected) { "$p ended with ${p.exitCode}, expected one of $expected" }
                                if (i % 2 == 0) p.exitCode shouldBe -15
                            }
                        }
                    }
                }
            }
            LeakCheck.assertNothingLive("after the spawn processes")
        }
    }
})

/**
 * Kills one of this JVM's worker JVMs, chosen at random, with SIGKILL; returns whether there was one. A worker JVM
 * is a child running `java` (in these tests nothing else is): its command line, with the whole classpath in it,
 * is too long for the JDK to read back, so the main class cannot be looked for there.
 */
private fun killOneWorkerJvm(random: Random): Boolean {
    val workers = ProcessHandle.current().children()
        .filter { it.isAlive && it.info().command().orElse("").endsWith("java") }
        .toList()
    if (workers.isEmpty()) return false
    return workers[random.nextInt(workers.size)].destroyForcibly()
}
