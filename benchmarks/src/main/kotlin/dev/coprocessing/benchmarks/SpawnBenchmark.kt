package dev.coprocessing.benchmarks

import dev.coprocessing.context.getContext
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.pool.Pool
import dev.coprocessing.runMultiprocessing
import java.util.concurrent.TimeUnit
import kotlinx.benchmark.Benchmark
import kotlinx.benchmark.BenchmarkMode
import kotlinx.benchmark.Measurement
import kotlinx.benchmark.Mode
import kotlinx.benchmark.OutputTimeUnit
import kotlinx.benchmark.Scope
import kotlinx.benchmark.Setup
import kotlinx.benchmark.State
import kotlinx.benchmark.TearDown
import kotlinx.benchmark.Warmup
import kotlinx.coroutines.runBlocking
import org.openjdk.jmh.annotations.Fork

/**
 * The `"spawn"` start method, in operations per second: a spawn `Process` start+join (a JVM start each), one
 * `ProcessPoolExecutor(4)` submit+result at a time, and `Pool(4).map` of 200 000 squares, each against the same
 * call on the default (coroutine) start method in the same run. CPython's spawn figures come from
 * `python/spawn.py`.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 4, time = 2, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class SpawnBenchmark {
    private val spawn = getContext("spawn")
    private lateinit var spawnExecutor: ProcessPoolExecutor
    private lateinit var spawnPool: Pool
    private lateinit var localPool: Pool
    private val squares = (0 until MAP_SIZE).toList()
    private var n = 0

    @Setup
    fun start() {
        spawnExecutor = spawn.ProcessPoolExecutor(WORKERS)
        spawnPool = spawn.Pool(WORKERS)
        localPool = Pool(WORKERS)
        runBlocking { spawnPool.map(squares) { it * it } } // every worker JVM started and warm
    }

    @TearDown
    fun stop() {
        spawnExecutor.close()
        listOf(spawnPool, localPool).forEach { it.terminate(); it.joinBlocking() }
    }

    @Benchmark
    fun spawnProcessStartJoin(): Int? = runMultiprocessing {
        val p = spawn.Process { }
        p.start()
        p.join()
        p.exitCode
    }

    @Benchmark
    fun coroutineProcessStartJoin(): Int? = runMultiprocessing {
        val p = getContext("coroutine").Process { }
        p.start()
        p.join()
        p.exitCode
    }

    @Benchmark
    fun spawnExecutorSubmitResult(): Int {
        val x = n++
        return spawnExecutor.submit { x * 2 }.resultBlocking()
    }

    /** Maps of [MAP_SIZE] squares per second; multiply by [MAP_SIZE] for items per second. */
    @Benchmark
    fun spawnPoolMap(): Int = runBlocking { spawnPool.map(squares) { it * it } }.size

    @Benchmark
    fun coroutinePoolMap(): Int = runBlocking { localPool.map(squares) { it * it } }.size

    private companion object {
        const val WORKERS = 4
        const val MAP_SIZE = 200_000
    }
}
