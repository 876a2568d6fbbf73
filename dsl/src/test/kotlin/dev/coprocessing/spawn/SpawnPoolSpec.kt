package dev.coprocessing.spawn

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.WorkerLostError
import dev.coprocessing.context.getContext
import dev.coprocessing.currentProcess
import dev.coprocessing.exit
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import dev.coprocessing.testing.capturingStderr
import io.kotest.matchers.string.shouldNotContain

private class Opaque(val n: Int)

class SpawnPoolSpec : FunSpec({
    val spawn = getContext("spawn")

    test("Pool on spawn: map, apply and a failing task, each worker a JVM of its own") {
        withTimeout(120.seconds) {
            multiprocessing {
                val pool = spawn.Pool(2)
                try {
                    pool.map((1..1000).toList()) { it * it } shouldBe (1..1000).map { it * it }
                    pool.apply { 6 * 7 } shouldBe 42
                    val pids = pool.map((1..8).toList(), chunksize = 1) { ProcessHandle.current().pid() }.toSet()
                    pids.forEach { it shouldNotBe ProcessHandle.current().pid() }
                    val e = shouldThrow<ArithmeticException> { pool.apply { 1 / (currentProcess().name.length - currentProcess().name.length) } }
                    e.message shouldContain "by zero"
                    pool.apply { } shouldBe Unit
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }
    }

    test("Pool on spawn: a worker that dies fails only its task with WorkerLostError, and the pool serves on") {
        val err = capturingStderr { runBlocking { withTimeout(120.seconds) {
            multiprocessing {
                val pool = spawn.Pool(1)
                try {
                    val lost = shouldThrow<WorkerLostError> { pool.apply { Runtime.getRuntime().halt(7) } }
                    lost.exitCode shouldBe 7
                    pool.apply { 1 + 1 } shouldBe 2
                    val killed = shouldThrow<WorkerLostError> { pool.apply { ProcessBuilder("kill", "-9", "${ProcessHandle.current().pid()}").start().waitFor(); kotlinx.coroutines.delay(60_000) } }
                    killed.exitCode shouldBe -9
                    pool.apply { 2 + 2 } shouldBe 4
                } finally {
                    pool.terminate()
                    pool.join()
                }
            }
        } } }
        err shouldNotContain "Exception in worker" // a lost worker is its task's failure, not a report
    }

    test("an OutOfMemoryError in a small worker JVM fails only its task, or ends only that JVM when told to") {
        withTimeout(120.seconds) {
            multiprocessing {
                val small = spawn.withJvmOptions("-Xmx48m")
                val pool = small.Pool(1)
                val exiting = small.withJvmOptions("-XX:+ExitOnOutOfMemoryError").Pool(1)
                try {
                    shouldThrow<OutOfMemoryError> { pool.apply { ByteArray(512 * 1024 * 1024).size } }
                    pool.apply { 1 } shouldBe 1
                    shouldThrow<WorkerLostError> { exiting.apply { ByteArray(512 * 1024 * 1024).size } }.exitCode shouldBe 3
                    exiting.apply { 2 } shouldBe 2
                } finally {
                    listOf(pool, exiting).forEach { it.close(); it.join() }
                }
            }
        }
        shouldThrow<IllegalStateException> { getContext("coroutine").withJvmOptions("-Xmx48m") }.message shouldContain "spawn"
    }

    test("what cannot cross fails in the caller, with the type named") {
        withTimeout(120.seconds) {
            multiprocessing {
                val pool = spawn.Pool(1)
                val opaque = Opaque(1)
                try {
                    val e = shouldThrow<IllegalArgumentException> { pool.applyAsync { opaque.n } }
                    e.message shouldContain Opaque::class.java.name
                    val f = shouldThrow<IllegalArgumentException> { pool.mapAsync(listOf(1)) { it + opaque.n } }
                    f.message shouldContain "the function given to map()"
                    // A result that cannot cross fails its task, not the worker.
                    val r = shouldThrow<IllegalArgumentException> { pool.apply { Opaque(2) } }
                    r.message shouldContain "Can't pickle the result"
                    pool.apply { 3 } shouldBe 3
                } finally {
                    pool.close()
                    pool.join()
                }
            }
        }
    }

    test("ProcessPoolExecutor on spawn: submit and map, then a killed worker breaks it with BrokenProcessPool") {
        withTimeout(120.seconds) {
            multiprocessing {
                val ex = spawn.ProcessPoolExecutor(2)
                try {
                    ex.submit { 6 * 7 }.result() shouldBe 42
                    val results = ArrayList<Int>()
                    ex.map((1..20).toList(), chunksize = 3) { it * 2 }.collect { results += it }
                    results shouldBe (1..20).map { it * 2 }
                    val names = (1..4).map { ex.submit { currentProcess().name } }.map { it.result() }
                    names.forEach { it shouldContain "SpawnProcess-" }
                    val broken = shouldThrow<BrokenProcessPool> { ex.submit { exit(3) }.result() }
                    broken.message shouldContain "terminated abruptly"
                    shouldThrow<BrokenProcessPool> { ex.submit { 1 } }
                } finally {
                    ex.shutdown()
                }
            }
        }
    }

    test("Pool(context = ...) and ProcessPoolExecutor(mpContext = ...) take a context as CPython's do") {
        withTimeout(120.seconds) {
            multiprocessing {
                val pool = Pool(1, context = spawn)
                pool.apply { ProcessHandle.current().pid() } shouldNotBe ProcessHandle.current().pid()
                pool.close(); pool.join()
                ProcessPoolExecutor(1, mpContext = spawn).use { ex ->
                    ex.submit { ProcessHandle.current().pid() }.result() shouldNotBe ProcessHandle.current().pid()
                }
                val local = Pool(1, context = getContext("coroutine"))
                local.apply { ProcessHandle.current().pid() } shouldBe ProcessHandle.current().pid()
                local.close(); local.join()
            }
        }
    }
})
