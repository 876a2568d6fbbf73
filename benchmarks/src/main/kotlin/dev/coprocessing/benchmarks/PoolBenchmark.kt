package dev.coprocessing.benchmarks

import dev.coprocessing.pool.Pool
import java.util.concurrent.TimeUnit
import java.util.stream.Collectors
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
import org.openjdk.jmh.annotations.OperationsPerInvocation

/**
 * `Pool.map` of [ITEMS] tiny tasks with CPython's default chunking, in tasks per second, against a parallel
 * stream on the common ForkJoinPool doing the same work (the JVM's own floor). CPython's `Pool(5).map` on the
 * same input is measured by `python/pool_map.py` in the same run of `./benchmarks/run`.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class PoolBenchmark {
    private val items: List<Int> = (0 until ITEMS).toList()
    private lateinit var pool: Pool

    @Setup
    fun start() {
        pool = Pool(Runtime.getRuntime().availableProcessors())
    }

    @TearDown
    fun stop() {
        pool.close()
        pool.joinBlocking()
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    fun poolMap(): List<Int> = runBlocking { pool.map(items) { it * 2 } }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    fun poolMapJava(): List<Int> = pool.mapBlocking(items) { it * 2 }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    fun parallelStream(): List<Int> = items.parallelStream().map { it * 2 }.collect(Collectors.toList())

    private companion object {
        const val ITEMS = 100_000
    }
}
