package dev.coprocessing.benchmarks

import java.lang.invoke.MethodHandles
import java.lang.invoke.MethodType
import java.util.concurrent.TimeUnit
import kotlinx.benchmark.Benchmark
import kotlinx.benchmark.BenchmarkMode
import kotlinx.benchmark.Measurement
import kotlinx.benchmark.Mode
import kotlinx.benchmark.OutputTimeUnit
import kotlinx.benchmark.Scope
import kotlinx.benchmark.State
import kotlinx.benchmark.Warmup
import org.openjdk.jmh.annotations.Fork
import dev.coprocessing.thread.Thread as PyThread

/**
 * Starting a thread and joining it, one at a time, in threads per second: the library's `Thread` against a bare
 * `java.lang.Thread` (the baseline, target: within 1.1×), for platform threads and, on JDK 21+, virtual ones.
 * CPython's `threading.Thread` doing the same is measured by `python/thread_start_join.py` in the same run.
 * On a JDK without virtual threads the two virtual benchmarks fail at once, and the report leaves them out.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class ThreadBenchmark {
    @Volatile private var sink = 0

    @Benchmark
    fun threadStartJoin(): Int {
        val t = PyThread { sink++ }
        t.start()
        t.joinBlocking()
        return sink
    }

    @Benchmark
    fun jdkThreadStartJoin(): Int {
        val t = java.lang.Thread { sink++ }
        t.start()
        t.join()
        return sink
    }

    @Benchmark
    fun virtualThreadStartJoin(): Int {
        val t = PyThread(virtual = true) { sink++ }
        t.start()
        t.joinBlocking()
        return sink
    }

    @Benchmark
    fun jdkVirtualThreadStartJoin(): Int {
        val t = startVirtual!!.invoke(Runnable { sink++ }) as java.lang.Thread
        t.join()
        return sink
    }

    private companion object {
        /** `Thread.startVirtualThread(Runnable)`, absent before JDK 21: the benchmarks run on 17 too. */
        val startVirtual = runCatching {
            MethodHandles.publicLookup().findStatic(
                java.lang.Thread::class.java, "startVirtualThread",
                MethodType.methodType(java.lang.Thread::class.java, Runnable::class.java),
            )
        }.getOrNull()
    }
}
