package dev.coprocessing.sync

import org.jetbrains.kotlinx.lincheck.Options
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions

/**
 * Lincheck budgets, explicit and small: its defaults run for many minutes on two cores. Scaled up with
 * `-Dcoprocessing.stress.scale=10`.
 */
private val lincheckScale: Int = System.getProperty("coprocessing.stress.scale")?.toIntOrNull() ?: 1

internal fun modelChecking(iterations: Int = 4): ModelCheckingOptions = ModelCheckingOptions()
    .iterations(iterations * lincheckScale).invocationsPerIteration(100)
    .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
    .tolerateSlowMachines()

internal fun stressTesting(): StressOptions = StressOptions()
    .iterations(4 * lincheckScale).invocationsPerIteration(500)
    .threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
    .tolerateSlowMachines()

/**
 * Lincheck reports a hang when one invocation takes over 20 s. The first invocation instruments every class
 * it meets, which on a busy two-core machine can take longer than that; two minutes tells a real hang from
 * a slow machine. The setting is not public in Lincheck 2.39, hence the reflection (a no-op if it moves).
 */
private fun <O : Options<O, *>> O.tolerateSlowMachines(): O = apply {
    runCatching {
        Options::class.java.getMethod("invocationTimeout\$lincheck", Long::class.javaPrimitiveType).invoke(this, 120_000L)
    }
}
