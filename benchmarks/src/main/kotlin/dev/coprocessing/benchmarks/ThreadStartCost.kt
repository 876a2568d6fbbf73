package dev.coprocessing.benchmarks

import com.sun.management.OperatingSystemMXBean
import java.lang.management.ManagementFactory
import dev.coprocessing.thread.Thread as PyThread

@Volatile
private var sink = 0

/**
 * What `ThreadBenchmark` measures, in CPU time rather than wall time: the whole JVM's CPU time per start+join of
 * the library's `Thread` and of a bare `java.lang.Thread`, in alternating rounds of `args[0]` threads each
 * (`args[1]` rounds after two for warm-up). On a shared machine a thread's start waits for the OS to schedule
 * it, so wall-time throughput moves by 2-10× with the load; the CPU the JVM spends on it moves far less.
 * `./benchmarks/run thread-cost [threads per round] [rounds]`. Prints the two costs and their ratio.
 */
fun main(args: Array<String>) {
    val os = ManagementFactory.getOperatingSystemMXBean() as OperatingSystemMXBean
    val perRound = args.getOrNull(0)?.toInt() ?: 5_000
    val rounds = args.getOrNull(1)?.toInt() ?: 6
    var library = 0L
    var jdk = 0L
    for (round in -2 until rounds) {
        val c0 = os.processCpuTime
        repeat(perRound) {
            val t = PyThread { sink++ }
            t.start()
            t.joinBlocking()
        }
        val c1 = os.processCpuTime
        repeat(perRound) {
            val t = java.lang.Thread { sink++ }
            t.start()
            t.join()
        }
        val c2 = os.processCpuTime
        if (round >= 0) {
            library += c1 - c0
            jdk += c2 - c1
        }
    }
    val threads = perRound.toDouble() * rounds
    println("cpu ns per start+join: Thread %.0f, java.lang.Thread %.0f".format(library / threads, jdk / threads))
    println("ratio Thread / java.lang.Thread (cpu): %.3f   (target <= 1.1)".format(library.toDouble() / jdk))
}
