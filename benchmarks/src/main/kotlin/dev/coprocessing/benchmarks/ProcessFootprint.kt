package dev.coprocessing.benchmarks

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import java.util.concurrent.atomic.AtomicInteger
import kotlin.system.exitProcess
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking

/**
 * How much heap a live, sleeping process takes: starts [count] processes that sleep for an hour, measures the
 * heap once they are all asleep, then terminates them. Run with `-Xmx1g` to check that a million fit in 1 GiB
 * (`./benchmarks/run footprint`). Prints one line per figure and exits non-zero if they do not fit.
 */
fun main(args: Array<String>) {
    val count = args.firstOrNull()?.toInt() ?: 1_000_000
    val runtime = Runtime.getRuntime()
    fun usedHeap(): Long {
        repeat(3) { System.gc() }
        return runtime.totalMemory() - runtime.freeMemory()
    }
    val before = usedHeap()
    val asleep = AtomicInteger()
    val perProcess = runBlocking(Dispatchers.Default) {
        multiprocessing {
            val processes = List(count) {
                Process {
                    asleep.incrementAndGet()
                    sleep(3600.0)
                }
            }
            processes.forEach { it.start() }
            while (asleep.get() < count) delay(10)
            val used = usedHeap() - before
            println("live sleeping processes: $count")
            println("heap used by them: ${used / (1024 * 1024)} MiB (max heap ${runtime.maxMemory() / (1024 * 1024)} MiB)")
            println("bytes per process: ${used / count}")
            processes.forEach { it.terminate() }
            used / count
        }
    }
    val fits = perProcess * 1_000_000 <= 1024L * 1024 * 1024
    println(if (fits) "a million sleeping processes fit in 1 GiB" else "a million sleeping processes do NOT fit in 1 GiB")
    if (!fits) exitProcess(1)
}
