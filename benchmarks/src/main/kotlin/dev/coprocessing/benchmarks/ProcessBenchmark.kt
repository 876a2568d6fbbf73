package dev.coprocessing.benchmarks

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import java.util.concurrent.TimeUnit
import kotlinx.benchmark.Benchmark
import kotlinx.benchmark.BenchmarkMode
import kotlinx.benchmark.Measurement
import kotlinx.benchmark.Mode
import kotlinx.benchmark.OutputTimeUnit
import kotlinx.benchmark.Scope
import kotlinx.benchmark.State
import kotlinx.benchmark.Warmup
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.openjdk.jmh.annotations.Fork
import org.openjdk.jmh.annotations.OperationsPerInvocation

/**
 * What a process costs to start and join, against the coroutine it maps onto (the floor) and a platform
 * thread per task (what a thread-per-process design would cost). Each invocation starts [BATCH] of them.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class ProcessBenchmark {

    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun processStartJoin() = runBlocking(Dispatchers.Default) {
        multiprocessing {
            val processes = List(BATCH) { Process { yield() } }
            processes.forEach { it.start() }
            processes.forEach { it.join() }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun coroutineLaunchJoin() = runBlocking(Dispatchers.Default) {
        coroutineScope {
            repeat(BATCH) { launch { yield() } }
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    fun threadStartJoin() {
        val threads = List(BATCH) { Thread { Thread.yield() } }
        threads.forEach { it.start() }
        threads.forEach { it.join() }
    }

    private companion object {
        const val BATCH = 1000
    }
}
