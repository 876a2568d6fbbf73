package dev.coprocessing.reliability

import io.kotest.core.spec.Spec
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/**
 * How hard the reliability suite pushes: the quick form in every build, the long one with
 * `mvn -B -o -pl dsl test -Preliability` (the profile sets `-Dcoprocessing.reliability=long`). Every
 * Lincheck, stress and fault spec reads its sizes from here, so one switch scales them all.
 *
 * ```kotlin
 * val items = Reliability.pick(quick = 200_000, long = 10_000_000)
 * ```
 */
object Reliability {
    /** Whether the long form runs. */
    val long: Boolean = System.getProperty("coprocessing.reliability") == "long"

    /** [quick] in the default build, [long] under the reliability profile. */
    fun <T> pick(quick: T, long: T): T = if (this.long) long else quick

    /** The most one test may take: Kotest's project default in the quick form, an hour in the long one. */
    val testTimeout: Duration = pick(quick = 2.minutes, long = 60.minutes)

    /**
     * The seed of a randomized run: `-Dcoprocessing.reliability.seed=N` replays a failed run, otherwise a fresh
     * one. [seeded] names it in every failure.
     */
    fun seed(): Long = System.getProperty("coprocessing.reliability.seed")?.toLongOrNull() ?: Random.nextLong()

    /** The long form's tests may run longer than the project's two-minute limit. */
    fun Spec.allowLongRuns() {
        timeout = testTimeout.inWholeMilliseconds
    }
}

/**
 * Runs [body] with a [Random] made from a fresh (or the replayed) seed; a failure is rethrown with the seed and
 * the command that replays it, so a run that failed once can be run again exactly as far as the seed decides.
 *
 * ```kotlin
 * seeded("processes at random") { random -> repeat(100) { if (random.nextBoolean()) p.terminate() } }
 * ```
 */
inline fun <T> seeded(what: String, body: (Random) -> T): T {
    val seed = Reliability.seed()
    return try {
        body(Random(seed))
    } catch (e: kotlin.coroutines.cancellation.CancellationException) {
        System.err.println("$what was cancelled with seed $seed (replay: -Dcoprocessing.reliability.seed=$seed)")
        throw e
    } catch (e: Throwable) {
        throw AssertionError("$what failed with seed $seed (replay: -Dcoprocessing.reliability.seed=$seed): $e", e)
    }
}
