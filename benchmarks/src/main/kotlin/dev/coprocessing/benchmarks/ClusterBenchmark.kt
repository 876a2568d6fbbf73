package dev.coprocessing.benchmarks

import com.hazelcast.core.IExecutorService
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.hazelcast.HazelcastContext
import dev.coprocessing.hazelcast.hazelcastContext
import dev.coprocessing.pool.Pool
import java.io.Serializable
import java.util.UUID
import java.util.concurrent.Callable
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
 * The cluster backend against raw Hazelcast, in operations per second, on two embedded members of one JVM: one
 * `ProcessPoolExecutor` submit+result at a time against one raw `IExecutorService.submit(...).get()`, and a
 * `Pool.map` of [MAP_SIZE] squares in chunks against the same chunks submitted raw, all of them at once, then
 * gathered. The ratios are what the library's machinery costs over the transport it uses.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 4, time = 2, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class ClusterBenchmark {
    private lateinit var members: List<HazelcastContext>
    private lateinit var executor: ProcessPoolExecutor
    private lateinit var pool: Pool
    private lateinit var raw: IExecutorService
    private val squares = (0 until MAP_SIZE).toList()
    private val chunks = squares.chunked(MAP_SIZE / CHUNKS)
    private var n = 0

    @Setup
    fun start() {
        val name = "bench-${UUID.randomUUID()}"
        val addresses = listOf("127.0.0.1:5951", "127.0.0.1:5952")
        members = addresses.indices.map { hazelcastContext(clusterName = name, members = addresses, port = 5951 + it) }
        val ctx = members.first()
        executor = ctx.ProcessPoolExecutor(WORKERS)
        pool = ctx.Pool(WORKERS)
        raw = ctx.instance.getExecutorService("raw")
        runBlocking { pool.map(squares, chunksize = MAP_SIZE / CHUNKS) { it * it } } // every worker has a member
    }

    @TearDown
    fun stop() {
        executor.close()
        pool.terminate()
        pool.joinBlocking()
        members.asReversed().forEach { it.close() }
    }

    @Benchmark
    fun librarySubmitResult(): Int {
        val x = n++
        return executor.submit { x * 2 }.resultBlocking()
    }

    @Benchmark
    fun rawSubmitGet(): Int = raw.submit(Doubled(n++)).get()

    /** Maps of [MAP_SIZE] squares per second, in [CHUNKS] chunks. */
    @Benchmark
    fun libraryPoolMap(): Int = runBlocking { pool.map(squares, chunksize = MAP_SIZE / CHUNKS) { it * it } }.size

    /** The same chunks submitted raw, all at once, then gathered in order. */
    @Benchmark
    fun rawChunkedMap(): Int = chunks.map { raw.submit(Squares(ArrayList(it))) }.sumOf { it.get().size }

    private class Doubled(private val x: Int) : Callable<Int>, Serializable {
        override fun call(): Int = x * 2
    }

    private class Squares(private val items: ArrayList<Int>) : Callable<List<Int>>, Serializable {
        override fun call(): List<Int> = items.map { it * it }
    }

    private companion object {
        const val WORKERS = 4
        const val MAP_SIZE = 20_000
        const val CHUNKS = 8
    }
}
