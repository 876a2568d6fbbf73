package dev.coprocessing.benchmarks

import dev.coprocessing.diagnosis.disableDiagnosis
import dev.coprocessing.diagnosis.enableDiagnosis
import dev.coprocessing.queue.Queue
import dev.coprocessing.sync.Lock
import java.util.concurrent.TimeUnit
import kotlinx.benchmark.Benchmark
import kotlinx.benchmark.BenchmarkMode
import kotlinx.benchmark.Measurement
import kotlinx.benchmark.Mode
import kotlinx.benchmark.OutputTimeUnit
import kotlinx.benchmark.Param
import kotlinx.benchmark.Scope
import kotlinx.benchmark.Setup
import kotlinx.benchmark.State
import kotlinx.benchmark.TearDown
import kotlinx.benchmark.Warmup
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.openjdk.jmh.annotations.Fork
import org.openjdk.jmh.annotations.OperationsPerInvocation

/**
 * What diagnosis costs the primitives, in operations per second, with it off (the default) and on: a `Lock`
 * acquire+release and a `Queue` put+get that never wait (the fast path, which never reaches the record), and
 * the same two where every call waits (two coroutines taking turns: the slow path, which records each wait
 * while diagnosis is on). Each invocation runs [N] operations in one `runBlocking`, so the figures are the
 * primitives', not the event loop's.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class DiagnosisBenchmark {
    @Param("off", "on")
    var diagnosis: String = "off"

    private val lock = Lock()
    private val queue = Queue<Int>()
    private val slot = Queue<Int>(maxsize = 1)
    @Volatile private var sink = 0

    @Setup
    fun setUp() {
        if (diagnosis == "on") enableDiagnosis() else disableDiagnosis() // the diagnosis switch
    }

    @TearDown
    fun tearDown() {
        disableDiagnosis() // the diagnosis switch
    }

    /** Uncontended: every acquire takes the lock at once. */
    @Benchmark
    @OperationsPerInvocation(N)
    fun lockAcquireRelease() = runBlocking {
        repeat(N) {
            lock.acquire()
            lock.release()
        }
    }

    /** Never empty when read: every get returns at once. */
    @Benchmark
    @OperationsPerInvocation(N)
    fun queuePutGet() = runBlocking {
        repeat(N) {
            queue.put(it)
            sink += queue.get()
        }
    }

    /** Two coroutines take turns holding the lock: every acquire waits for the other's release. */
    @Benchmark
    @OperationsPerInvocation(N)
    fun lockHandoff() = runBlocking {
        repeat(2) {
            launch {
                repeat(N / 2) {
                    lock.withLock { yield() }
                }
            }
        }
    }

    /** A producer and a consumer through a queue of one slot: puts wait for room, gets for an item. */
    @Benchmark
    @OperationsPerInvocation(N)
    fun queueHandoff() = runBlocking {
        launch { repeat(N) { slot.put(it) } }
        repeat(N) { sink += slot.get() }
    }

    private companion object {
        const val N = 1000
    }
}
