package dev.coprocessing.reliability

import dev.coprocessing.CancelledError
import dev.coprocessing.futures.Executor
import dev.coprocessing.futures.Future
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.testing.LeakCheck
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Owners stopped while they work. Executors shut down with `cancelFutures = true` while tasks run, waiting or
 * not; pools terminated in the middle of a `map` or an `imap`. In every round each task ran at most once, every
 * future or result is settled (its value only if its task ran to its end, cancelled only if it never ran), the
 * caller of an interrupted map gets an exception rather than a hang, and nothing is left running.
 *
 * 60 rounds of each in the default build, 2 000 under `-Preliability`.
 */
class ShutdownStressSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    val rounds = Reliability.pick(quick = 60, long = 2_000)

    test("executors shut down with cancelFutures while tasks run: every future settled, each task at most once") {
        seeded("executor shutdown") { random ->
            withContext(Dispatchers.Default) {
                repeat(rounds) { round ->
                    val executor: Executor = if (round % 2 == 0) ThreadPoolExecutor(3) else ProcessPoolExecutor(3)
                    shutDownWhileRunning(executor, Random(random.nextLong()))
                }
            }
            LeakCheck.assertNothingLive("after the executor rounds")
        }
    }

    test("pools terminated in the middle of map and imap: each item at most once, the caller fails instead of hanging") {
        seeded("pool terminate") { random ->
            withContext(Dispatchers.Default) {
                repeat(rounds) { terminateMidMap(Random(random.nextLong()), imap = it % 2 == 1) }
            }
            LeakCheck.assertNothingLive("after the pool rounds")
        }
    }

    test("executors and pools made inside multiprocessing { } end with it, even while their tasks run") {
        seeded("owners ended with their scope") { random ->
            withContext(Dispatchers.Default) {
                repeat(rounds / 3) {
                    val started = AtomicInteger()
                    val pauses = LongArray(12) { random.nextLong(0, 5) }
                    multiprocessing {
                        val ex = ThreadPoolExecutor(2)
                        val pool = Pool(2)
                        repeat(6) { ex.submit { started.incrementAndGet(); delay(pauses[it]) } }
                        repeat(6) { pool.applyAsync { started.incrementAndGet(); delay(pauses[6 + it]) } }
                        delay(random.nextLong(0, 3))
                    }
                }
            }
            LeakCheck.assertNothingLive("after the scoped owners")
        }
    }
})

private suspend fun shutDownWhileRunning(executor: Executor, r: Random) {
    val n = 40
    val ran = AtomicIntegerArray(n)
    val completed = AtomicIntegerArray(n)
    val futures: List<Future<Int>> = List(n) { i ->
        val pause = r.nextLong(0, 4) // drawn here: the tasks run on other threads, and Random is not thread-safe
        when (r.nextInt(3)) {
            0 -> executor.submit { ran.incrementAndGet(i); delay(pause); completed.incrementAndGet(i); i }
            1 -> executor.submit(Callable { ran.incrementAndGet(i); Thread.sleep(pause); completed.incrementAndGet(i); i })
            else -> executor.submit { ran.incrementAndGet(i); completed.incrementAndGet(i); i }
        }
    }
    delay(r.nextLong(0, 6))
    val wait = r.nextBoolean()
    withTimeout(30.seconds) { executor.shutdown(wait = wait, cancelFutures = true) }
    shouldThrow<IllegalStateException> { executor.submit { 0 } }.message shouldContain "cannot schedule new futures after shutdown"
    futures.forEachIndexed { i, f ->
        // Without wait, a task that was running finishes on its own: its future still settles.
        val outcome = withTimeout(30.seconds) { runCatching { f.result() } }
        check(ran.get(i) <= 1) { "task $i ran ${ran.get(i)} times on $executor" }
        when {
            outcome.isSuccess -> check(outcome.getOrThrow() == i && completed.get(i) == 1) { "task $i gave ${outcome.getOrNull()} (completed ${completed.get(i)})" }
            outcome.exceptionOrNull() is CancelledError -> check(f.cancelled() && ran.get(i) == 0) {
                "future $i says cancelled (${f.cancelled()}) but its task ran ${ran.get(i)} times: $f"
            }
            else -> throw AssertionError("future $i of $executor failed with ${outcome.exceptionOrNull()}", outcome.exceptionOrNull())
        }
    }
}

private suspend fun terminateMidMap(r: Random, imap: Boolean) = withContext(Dispatchers.Default) {
    val n = 400
    val ran = AtomicIntegerArray(n)
    val pool = Pool(3, maxtasksperchild = if (r.nextBoolean()) null else 5)
    val chunksize = 1 + r.nextInt(4)
    val pauses = LongArray(n) { r.nextLong(0, 2) }
    val caller = async {
        runCatching {
            if (imap) pool.imap(0 until n, chunksize) { ran.incrementAndGet(it); delay(pauses[it]); it }.toList()
            else pool.map(0 until n, chunksize) { ran.incrementAndGet(it); delay(pauses[it]); it }
        }
    }
    delay(r.nextLong(0, 15))
    pool.terminate()
    val outcome = withTimeout(30.seconds) { caller.await() }
    withTimeout(30.seconds) { pool.join() }
    for (i in 0 until n) check(ran.get(i) <= 1) { "item $i ran ${ran.get(i)} times" }
    outcome.onSuccess { results ->
        check(results == (0 until n).toList()) { "a map that returned gave ${results.size} results, not every item in order" }
    }
    outcome.onFailure { e ->
        check(e is CancelledError || e is IllegalStateException) { "a terminated map failed with $e" }
    }
}
