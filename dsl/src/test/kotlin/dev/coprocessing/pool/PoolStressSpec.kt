package dev.coprocessing.pool

import dev.coprocessing.CancelledError
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * Many submitters at once, worker churn and termination at random moments. Each round checks that no result is
 * lost or duplicated, that every callback runs exactly once, and that the pool always shuts down.
 * `-Dcoprocessing.stress.scale=10` runs ten times as many rounds.
 */
class PoolStressSpec : FunSpec({
    val scale = System.getProperty("coprocessing.stress.scale")?.toInt() ?: 1

    test("concurrent apply, map and imap from many coroutines: every result once, every callback once") {
        bounded {
            withContext(Dispatchers.Default) {
                repeat(5 * scale) { round ->
                    val callbacks = AtomicInteger()
                    val random = Random(round)
                    pool(3, maxtasksperchild = if (round % 2 == 0) null else 7) {
                        val pool = this
                        val submitters = (0 until 8).map { s ->
                            async {
                                val n = 50 + random.nextInt(50)
                                when (s % 4) {
                                    0 -> (0 until n).map { i ->
                                        pool.applyAsync(callback = { _: Int -> callbacks.incrementAndGet() }) { if (i % 5 == 0) yield(); i }
                                    }.map { it.get() } shouldContainExactly (0 until n).toList()
                                    1 -> pool.map(0 until n, chunksize = 1 + s) { it * 2 } shouldContainExactly (0 until n).map { it * 2 }
                                    2 -> pool.imap(0 until n, chunksize = 3) { it + 1 }.toList() shouldContainExactly (1..n).toList()
                                    else -> pool.imapUnordered(0 until n) { it }.toList().sorted() shouldContainExactly (0 until n).toList()
                                }
                                if (s % 4 == 0) n else 0
                            }
                        }
                        val expectedCallbacks = submitters.awaitAll().sum()
                        close()
                        join()
                        callbacks.get() shouldBe expectedCallbacks
                    }
                }
            }
        }
    }

    test("terminate at a random moment: every result is either its value or CancelledError, and join returns") {
        bounded {
            withContext(Dispatchers.Default) {
                repeat(20 * scale) { round ->
                    val random = Random(1000 + round)
                    val pool = Pool(2, maxtasksperchild = if (round % 3 == 0) 2 else null)
                    val results = mutableListOf<Pair<Int, AsyncResult<Int>>>()
                    val submitter = launch {
                        var i = 0
                        while (true) {
                            val n = i++
                            val r = runCatching {
                                if (n % 2 == 0) pool.applyAsync { delay(random.nextLong(0, 2)); n }
                                else pool.applyAsync(Callable { Thread.sleep(random.nextLong(0, 2)); n })
                            }.getOrNull() ?: break // the pool was terminated
                            synchronized(results) { results += n to r }
                            yield()
                        }
                    }
                    delay(random.nextLong(1, 20))
                    pool.terminate()
                    submitter.join()
                    pool.join()
                    for ((n, r) in synchronized(results) { results.toList() }) {
                        run {
                            r.ready() shouldBe true
                            val outcome = runCatching { r.get() }
                            if (outcome.isSuccess) outcome.getOrThrow() shouldBe n
                            else (outcome.exceptionOrNull() is CancelledError) shouldBe true
                        }
                    }
                }
            }
        }
    }

    test("a map of 200 000 items with one worker per task churn still returns every item in order") {
        bounded {
            withContext(Dispatchers.Default) {
                val size = 200_000 * scale
                pool(2, maxtasksperchild = 1) {
                    val out = map(0 until size) { it }
                    out.size shouldBe size
                    out.forEachIndexed { i, v -> if (i != v) error("item $i came back as $v") }
                }
            }
        }
    }
})
