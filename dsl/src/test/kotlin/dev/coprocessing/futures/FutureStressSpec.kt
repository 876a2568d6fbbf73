package dev.coprocessing.futures

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Races between workers finishing tasks, callers cancelling them and waiters reading them: every future
 * ends exactly once, every callback runs exactly once, and nothing is lost. Run bigger with
 * `-Dcoprocessing.stress.scale=10`.
 */
class FutureStressSpec : FunSpec({
    val scale = System.getProperty("coprocessing.stress.scale", "1").toInt()
    val n = 2_000 * scale

    test("cancel racing the workers: each future ends once, callbacks run once, asCompleted and wait see all") {
        withContext(Dispatchers.Default) {
            val ex = ThreadPoolExecutor(4)
            try {
                val callbacks = ConcurrentHashMap<Future<Int>, AtomicInteger>()
                val futures = (0 until n).map { i ->
                    ex.submit { if (i % 7 == 0) error("failed $i") else i }.also { f ->
                        callbacks[f] = AtomicInteger()
                        f.addDoneCallback { callbacks.getValue(f).incrementAndGet() }
                    }
                }
                val random = Random(42)
                val cancelled = coroutineScope {
                    val completed = async { asCompleted(futures, timeout = 60.seconds).toList() }
                    val canceller = async(Dispatchers.Default) {
                        futures.shuffled(random).count { it.cancel() }
                    }
                    val waiters = List(4) { async { wait(futures, timeout = 60.seconds).done.size } }
                    completed.await() shouldContainExactlyInAnyOrder futures
                    waiters.awaitAll().forEach { it shouldBe n }
                    canceller.await()
                }
                futures.count { it.cancelled() } shouldBe cancelled
                futures.forEachIndexed { i, f ->
                    f.done() shouldBe true
                    if (!f.cancelled()) {
                        if (i % 7 == 0) f.exception()!!.message shouldBe "failed $i" else f.result() shouldBe i
                    }
                }
                ex.shutdown()   // waits for the callbacks too
                futures.forEach { f -> callbacks.getValue(f).get() shouldBe 1 }
            } finally {
                ex.shutdown()
            }
        }
    }

    test("many waiters on the same futures all wake with the same outcome") {
        withContext(Dispatchers.Default) {
            val ex = ProcessPoolExecutor(4)
            try {
                val futures = (0 until n / 10).map { i -> ex.submit { i * 2 } }
                coroutineScope {
                    repeat(8) {
                        launch {
                            futures.forEachIndexed { i, f -> f.result(timeout = 60.seconds) shouldBe i * 2 }
                        }
                    }
                }
            } finally {
                ex.shutdown()
            }
        }
    }
})
