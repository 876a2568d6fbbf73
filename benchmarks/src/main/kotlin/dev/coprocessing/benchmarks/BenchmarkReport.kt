package dev.coprocessing.benchmarks

import java.io.File
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.double
import kotlinx.serialization.json.jsonArray
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive

/**
 * Prints a run's figures as ratios against the baselines measured in the same run: `args[0]` is JMH's JSON
 * result, `args[1]` (optional) the CPython baselines, one `name rate` per line. Absolute figures move 2–4× on
 * a shared machine; ratios within one run do not.
 */
fun main(args: Array<String>) {
    val scores = Json.parseToJsonElement(File(args[0]).readText()).jsonArray.associate { result ->
        val o = result.jsonObject
        val name = o.getValue("benchmark").jsonPrimitive.content.substringAfterLast('.')
        name to o.getValue("primaryMetric").jsonObject.getValue("score").jsonPrimitive.double
    }.toMutableMap()
    args.getOrNull(1)?.let { File(it) }?.takeIf { it.exists() }?.readLines()?.forEach { line ->
        val (name, rate) = line.trim().split(' ').takeIf { it.size == 2 } ?: return@forEach
        rate.toDoubleOrNull()?.let { scores[name] = it }
    }

    println("%-32s %16s".format("figure", "ops/s"))
    scores.toSortedMap().forEach { (name, score) -> println("%-32s %16.0f".format(name, score)) }
    println()
    println("ratios (same run):")
    fun ratio(label: String, numerator: String, denominator: String, target: String) {
        val a = scores[numerator]
        val b = scores[denominator]
        if (a == null || b == null) return
        println("  %-58s %8.2f   (%s)".format(label, a / b, target))
    }
    ratio("process start+join vs bare coroutine launch+join", "processStartJoin", "coroutineLaunchJoin", "cost of the process model")
    ratio("process start+join vs platform thread start+join", "processStartJoin", "threadStartJoin", "higher is better")
    ratio("Pool.map vs CPython Pool(5).map", "poolMap", "cpython_pool_map", "target >= 4")
    ratio("parallel stream vs Pool.map (Pool is this many times slower)", "parallelStream", "poolMap", "target <= 1.5")
    ratio("parallel stream vs Pool.map, Java view", "parallelStream", "poolMapJava", "target <= 1.5")
    ratio("ProcessPoolExecutor submit+result vs CPython's", "processPoolSubmitResult", "cpython_executor_submit_result", "target >= 100")
    ratio("JDK pool + CompletableFuture vs ProcessPoolExecutor", "jdkCompletableFuture", "processPoolSubmitResult", "target <= 1.3")
    ratio("JDK pool + CompletableFuture vs ThreadPoolExecutor", "jdkCompletableFuture", "threadPoolSubmitResult", "target <= 1.3")
    ratio("ProcessPoolExecutor batch of 1000 vs CPython's", "processPoolSubmitBatch", "cpython_executor_submit_batch", "target >= 100")
    ratio("JDK batch vs ProcessPoolExecutor batch", "jdkCompletableFutureBatch", "processPoolSubmitBatch", "target <= 1.3")
    ratio("JDK batch vs ThreadPoolExecutor batch", "jdkCompletableFutureBatch", "threadPoolSubmitBatch", "target <= 1.3")
    ratio("Mutex + HashMap vs manager dict under Lock, 4 processes", "mutexHashMap", "managerDictPlainLock", "target <= 1.2")
    ratio("Mutex + HashMap vs manager dict under its Lock()", "mutexHashMap", "managerDictManagedLock", "cost of the managed lock")
    ratio("Mutex + HashMap vs manager dict under the Mutex", "mutexHashMap", "managerDictMutex", "cost of the dict alone")
    ratio("manager dict under Lock vs CPython's", "managerDictPlainLock", "cpython_manager_locked_increment", "target >= 100")
    ratio("manager dict under its Lock() vs CPython's", "managerDictManagedLock", "cpython_manager_locked_increment", "target >= 100")
    ratio("manager dict update { } vs CPython's locked increment", "managerDictUpdate", "cpython_manager_locked_increment", "higher is better")
    ratio("java.lang.Thread start+join vs Thread start+join", "jdkThreadStartJoin", "threadStartJoin", "target <= 1.1")
    ratio("virtual java.lang.Thread vs Thread(virtual = true)", "jdkVirtualThreadStartJoin", "virtualThreadStartJoin", "target <= 1.1")
    ratio("Thread start+join vs CPython threading.Thread", "threadStartJoin", "cpython_thread_start_join", "target >= 10")
    ratio("Thread(virtual = true) vs CPython threading.Thread", "virtualThreadStartJoin", "cpython_thread_start_join", "target >= 10")
}
