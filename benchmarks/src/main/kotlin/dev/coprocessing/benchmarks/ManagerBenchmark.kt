package dev.coprocessing.benchmarks

import dev.coprocessing.manager.DictProxy
import dev.coprocessing.manager.Manager
import dev.coprocessing.process.Process
import dev.coprocessing.runMultiprocessing
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Lock
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
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import org.openjdk.jmh.annotations.Fork
import org.openjdk.jmh.annotations.OperationsPerInvocation

/**
 * The seeds' shared counter at speed, in increments per second: [PROCESSES] processes each increment a
 * manager's dict [EACH] times under a lock (`with lock: d["count"] += 1`), against the same [PROCESSES]
 * processes doing the same to a `HashMap` under a kotlinx `Mutex` (the baseline, [mutexHashMap]: the same shape,
 * so the ratio is what the manager's dict and the library's lock cost), in the same run. Variants: the lock a
 * plain `Lock` (as the seeds write it) or the manager's own `Lock()`, and the dict's atomic `update` with no
 * lock; and, to tell the costs apart, the manager's dict under the `Mutex`, the `HashMap` under the plain `Lock`,
 * and the baseline in bare coroutines rather than processes. CPython's `Manager().dict` with 4 processes doing
 * the same is measured by `python/manager_dict.py`.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
class ManagerBenchmark {
    private lateinit var manager: Manager
    private lateinit var dict: DictProxy<String, Int>
    private lateinit var managedLock: AbstractLock
    private val plainLock = Lock()
    private val map = HashMap<String, Int>()
    private val mutex = Mutex()

    @Setup
    fun start() {
        manager = Manager()
        dict = manager.dict(mapOf("count" to 0))
        managedLock = manager.Lock()
        map["count"] = 0
    }

    @TearDown
    fun stop() {
        manager.close()
    }

    /** [PROCESSES] processes, each running [body] [EACH] times. */
    private fun processes(body: suspend () -> Unit) = runMultiprocessing {
        repeat(PROCESSES) { Process { repeat(EACH) { body() } }.start() }
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun managerDictPlainLock(): Int {
        processes { plainLock.withLock { dict["count"] = dict["count"]!! + 1 } }
        return dict.getValue("count")
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun managerDictManagedLock(): Int {
        processes { managedLock.withLock { dict["count"] = dict["count"]!! + 1 } }
        return dict.getValue("count")
    }

    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun managerDictUpdate(): Int {
        processes { dict.update("count") { it + 1 } }
        return dict.getValue("count")
    }

    /** What the manager's dict alone adds to the baseline: the dict under the baseline's `Mutex`. */
    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun managerDictMutex(): Int {
        processes { mutex.withLock { dict["count"] = dict["count"]!! + 1 } }
        return dict.getValue("count")
    }

    /** What the manager's dict adds to [managerDictPlainLock]: the same processes and lock around a `HashMap`. */
    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun processesPlainLockHashMap(): Int {
        processes { plainLock.withLock { map["count"] = map["count"]!! + 1 } }
        return map.getValue("count")
    }

    /** The baseline: [PROCESSES] processes, a `HashMap` and a kotlinx `Mutex`. */
    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun mutexHashMap(): Int {
        processes { mutex.withLock { map["count"] = map["count"]!! + 1 } }
        return map.getValue("count")
    }

    /** What processes add to the baseline: the same `Mutex` and `HashMap` in bare coroutines on `Dispatchers.Default`. */
    @Benchmark
    @OperationsPerInvocation(PROCESSES * EACH)
    fun coroutinesMutexHashMap(): Int = runBlocking(Dispatchers.Default) {
        coroutineScope {
            repeat(PROCESSES) { launch { repeat(EACH) { mutex.withLock { map["count"] = map["count"]!! + 1 } } } }
        }
        map.getValue("count")
    }

    private companion object {
        const val PROCESSES = 4
        const val EACH = 10_000
    }
}
