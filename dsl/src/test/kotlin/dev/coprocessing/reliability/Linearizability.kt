package dev.coprocessing.reliability

import io.kotest.core.spec.style.FunSpec
import kotlin.reflect.KClass
import org.jetbrains.kotlinx.lincheck.Options
import org.jetbrains.kotlinx.lincheck.check
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions

/**
 * The one convention for Lincheck here: a model is a plain class whose `@Operation`s call one library object
 * (suspending operations are `suspend fun`s, as Lincheck's coroutine support wants); a spec registers each
 * model with [linearizable], which adds a model-checking test and a stress test with the budgets below.
 * Budgets are explicit and small in the quick form (Lincheck's defaults run for many minutes on two cores)
 * and larger under `-Preliability` (see [Reliability]).
 *
 * ```kotlin
 * class SyncLincheckSpec : FunSpec({
 *     linearizable("Lock", LockModel::class)
 * })
 * ```
 */
object Linearizability {
    /** One strategy's size: scenarios ([iterations]) times runs of each ([invocations]), and each scenario's shape. */
    data class Budget(
        val iterations: Int,
        val invocations: Int,
        val threads: Int,
        val actorsPerThread: Int,
        val actorsBefore: Int = 1,
        val actorsAfter: Int = 1,
    ) {
        /** The same shape with [factor] times the scenarios, for a model whose invocations cost more. */
        fun scaled(factor: Double): Budget = copy(iterations = (iterations * factor).toInt().coerceAtLeast(1))
    }

    /** Model checking: every interleaving Lincheck chooses is replayed deterministically. */
    val modelChecking: Budget = Reliability.pick(
        quick = Budget(iterations = 1, invocations = 40, threads = 2, actorsPerThread = 2),
        long = Budget(iterations = 10, invocations = 300, threads = 2, actorsPerThread = 3),
    )

    /** Stress: real threads, many runs; it finds what the JVM's memory model allows and the model checker misses. */
    val stress: Budget = Reliability.pick(
        quick = Budget(iterations = 2, invocations = 150, threads = 3, actorsPerThread = 2),
        long = Budget(iterations = 20, invocations = 5_000, threads = 3, actorsPerThread = 3),
    )

    fun modelCheckingOptions(budget: Budget = modelChecking): ModelCheckingOptions =
        ModelCheckingOptions().invocationsPerIteration(budget.invocations).shaped(budget)

    fun stressOptions(budget: Budget = stress): StressOptions =
        StressOptions().invocationsPerIteration(budget.invocations).shaped(budget)

    private fun <O : Options<O, *>> O.shaped(budget: Budget): O = apply {
        iterations(budget.iterations)
            .threads(budget.threads)
            .actorsPerThread(budget.actorsPerThread)
            .actorsBefore(budget.actorsBefore)
            .actorsAfter(budget.actorsAfter)
        tolerateSlowMachines()
    }

    /**
     * Lincheck reports a hang when one invocation takes over 20 s. The first invocation instruments every class
     * it meets, which on a busy two-core machine can take longer than that; two minutes tells a real hang from a
     * slow machine. The setting is not public in Lincheck 2.39, hence the reflection (a no-op if it moves).
     */
    private fun <O : Options<O, *>> O.tolerateSlowMachines(): O = apply {
        runCatching {
            Options::class.java.getMethod("invocationTimeout\$lincheck", Long::class.javaPrimitiveType).invoke(this, 120_000L)
        }
    }
}

/**
 * Registers the two Lincheck tests of [model] (a class of `@Operation`s over one fresh library object):
 * "[name] is linearizable under model checking" and "... under stress". [modelChecking] or [stress] `null`
 * leaves that strategy out (the KDoc of the model says why); [sequential] is the class a history is checked
 * against when the model itself, run on one thread, cannot be (an owned lock).
 */
fun FunSpec.linearizable(
    name: String,
    model: KClass<*>,
    modelChecking: Linearizability.Budget? = Linearizability.modelChecking,
    stress: Linearizability.Budget? = Linearizability.stress,
    sequential: KClass<*>? = null,
) {
    if (modelChecking != null) {
        test("$name is linearizable under model checking") {
            Linearizability.modelCheckingOptions(modelChecking).apply { sequential?.let { sequentialSpecification(it.java) } }.check(model)
        }
    }
    if (stress != null) {
        test("$name is linearizable under stress") {
            Linearizability.stressOptions(stress).apply { sequential?.let { sequentialSpecification(it.java) } }.check(model)
        }
    }
}
