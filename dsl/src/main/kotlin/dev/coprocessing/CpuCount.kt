@file:JvmName("Coprocessing")
@file:JvmMultifileClass

package dev.coprocessing

/**
 * How many processors the JVM may use, as `os.cpu_count()`: the default size of pools and executors.
 *
 * ```kotlin
 * val workers = cpuCount()
 * ```
 */
public fun cpuCount(): Int = Runtime.getRuntime().availableProcessors()
