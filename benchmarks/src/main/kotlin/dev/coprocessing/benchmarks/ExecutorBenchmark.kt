package dev.coprocessing.benchmarks

import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.ThreadPoolExecutor
import java.util.concurrent.Callable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
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
import org.openjdk.jmh.annotations.Fork
import org.openjdk.jmh.annotations.OperationsPerInvocation

/**
 * One `submit` followed by its `result()`, round trip by round trip, and batches of submissions with many tasks
 * in flight, in tasks per second: the executors against
 * a `java.util.concurrent` fixed pool of the same size with `CompletableFuture` (the baseline). CPython's
 * `ProcessPoolExecutor(4)` doing the same is measured by `python/executor_submit.py` in the same run.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class ExecutorBenchmark {
    private lateinit var processPool: ProcessPoolExecutor
    private lateinit var threadPool: ThreadPoolExecutor
    private lateinit var jdkPool: ExecutorService
    private var n = 0

    @Setup
    fun start() {
        processPool = ProcessPoolExecutor(WORKERS)
        threadPool = ThreadPoolExecutor(WORKERS)
        jdkPool = Executors.newFixedThreadPool(WORKERS)
    }

    @TearDown
    fun stop() {
        processPool.close()
        threadPool.close()
        jdkPool.shutdown()
        jdkPool.awaitTermination(1, TimeUnit.MINUTES)
    }

    @Benchmark
    fun processPoolSubmitResult(): Int {
        val x = n++
        return processPool.submit(Callable { x * 2 }).resultBlocking()
    }

    @Benchmark
    fun threadPoolSubmitResult(): Int {
        val x = n++
        return threadPool.submit(Callable { x * 2 }).resultBlocking()
    }

    @Benchmark
    fun jdkCompletableFuture(): Int {
        val x = n++
        return CompletableFuture.supplyAsync({ x * 2 }, jdkPool).get()
    }

    /** Throughput with many tasks in flight: [BATCH] submissions, then every result, per task. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun processPoolSubmitBatch(): Int {
        val futures = List(BATCH) { i -> processPool.submit(Callable { i * 2 }) }
        return futures.sumOf { it.resultBlocking() }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun threadPoolSubmitBatch(): Int {
        val futures = List(BATCH) { i -> threadPool.submit(Callable { i * 2 }) }
        return futures.sumOf { it.resultBlocking() }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun jdkCompletableFutureBatch(): Int {
        val futures = List(BATCH) { i -> CompletableFuture.supplyAsync({ i * 2 }, jdkPool) }
        return futures.sumOf { it.get() }
    }

    private companion object {
        const val WORKERS = 4
        const val BATCH = 1000
    }
}
