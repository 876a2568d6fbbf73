package dev.coprocessing.reliability

import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import dev.coprocessing.queue.Queue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicIntegerArray
import java.util.concurrent.atomic.AtomicLong
import kotlin.random.Random
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/**
 * Exactly-once delivery through one bounded [Queue] under every way a call can be cut short: 8 producers and 8
 * consumers, half of them coroutines cancelled at random, half of them threads on the blocking twins interrupted
 * at random, all of them using timeouts and the non-waiting forms now and then. When the producers are done and
 * the consumers are stopped at a random moment, every item whose `put` returned has been received exactly once or
 * is still in the queue (counted there), and no item whose `put` was cut short shows up anywhere.
 *
 * 200 000 items in the default build, 10 million under `-Preliability`.
 */
class QueueDeliveryStressSpec : FunSpec({
    Reliability.run { allowLongRuns() }

    test("8 producers x 8 consumers, cancelled, interrupted and timing out: every item once, consumed or left in the queue") {
        seeded("queue delivery") { random ->
            val stats = deliver(items = Reliability.pick(quick = 200_000, long = 10_000_000), random = random)
            println("queue delivery: $stats")
            stats.cancellations shouldBeGreaterThan 0L
            stats.interrupts shouldBeGreaterThan 0L
        }
    }
})

private data class DeliveryStats(val items: Int, val cancellations: Long, val interrupts: Long, val leftInQueue: Int)

private const val PRODUCERS = 8
private const val CONSUMERS = 8

/** Coroutine workers have even numbers and thread workers odd ones: a worker's number says how it is cut short. */
private fun isThread(worker: Int) = worker % 2 == 1

private suspend fun deliver(items: Int, random: Random): DeliveryStats = withContext(Dispatchers.Default) {
    val q = Queue<Int>(maxsize = 16)
    val perProducer = items / PRODUCERS
    val count = perProducer * PRODUCERS
    val put = AtomicIntegerArray(count)
    val got = AtomicIntegerArray(count)
    val received = AtomicLong()
    val cancellations = AtomicLong()
    val interrupts = AtomicLong()
    val stopConsumers = AtomicBoolean(false)
    // A producer's next sequence number; one incarnation of a producer at a time writes it.
    val nextSeq = AtomicIntegerArray(PRODUCERS)
    val seeds = LongArray(PRODUCERS + CONSUMERS) { random.nextLong() }

    fun record(item: Int) {
        check(put.getAndSet(item, 1) == 0) { "item $item put twice" }
    }

    fun take(item: Int) {
        got.incrementAndGet(item)
        received.incrementAndGet()
    }

    fun CoroutineScope.coroutineProducer(p: Int, r: Random): Job = launch {
        while (nextSeq[p] < perProducer) {
            val item = p * perProducer + nextSeq[p]
            val done = when (r.nextInt(10)) {
                0 -> try { q.put(item, timeout = r.nextInt(100).microseconds); true } catch (e: Full) { false }
                1 -> try { q.putNowait(item); true } catch (e: Full) { yield(); false }
                else -> { q.put(item); true }
            }
            if (!done) continue
            // No suspension from here to the loop's end: a cancellation cannot split "put" from "recorded".
            record(item)
            nextSeq.incrementAndGet(p)
        }
    }

    fun CoroutineScope.coroutineConsumer(r: Random): Job = launch {
        while (!stopConsumers.get()) {
            val item = when (r.nextInt(10)) {
                0 -> try { q.get(timeout = r.nextInt(100).microseconds) } catch (e: Empty) { null }
                1 -> try { q.getNowait() } catch (e: Empty) { yield(); null }
                else -> q.get()
            } ?: continue
            take(item)
        }
    }

    fun threadProducer(p: Int, r: Random): Thread = Thread({
        while (nextSeq[p] < perProducer) {
            val item = p * perProducer + nextSeq[p]
            val done = try {
                when (r.nextInt(10)) {
                    0 -> try { q.putBlocking(item, r.nextInt(100) / 1e6); true } catch (e: Full) { false }
                    1 -> try { q.putNowait(item); true } catch (e: Full) { Thread.yield(); false }
                    else -> { q.putBlocking(item); true }
                }
            } catch (e: InterruptedException) {
                interrupts.incrementAndGet()
                false
            }
            if (!done) continue
            record(item)
            nextSeq.incrementAndGet(p)
        }
    }, "delivery-producer-$p")

    fun threadConsumer(c: Int, r: Random): Thread = Thread({
        while (!stopConsumers.get()) {
            val item = try {
                when (r.nextInt(10)) {
                    0 -> try { q.getBlocking(r.nextInt(100) / 1e6) } catch (e: Empty) { null }
                    1 -> try { q.getNowait() } catch (e: Empty) { Thread.yield(); null }
                    else -> q.getBlocking()
                }
            } catch (e: InterruptedException) {
                interrupts.incrementAndGet()
                null
            } ?: continue
            take(item)
        }
    }, "delivery-consumer-$c")

    val threads = mutableListOf<Thread>()
    val workers = this
    val producerJobs = arrayOfNulls<Job>(PRODUCERS)
    val consumerJobs = arrayOfNulls<Job>(CONSUMERS)
    for (p in 0 until PRODUCERS) {
        val r = Random(seeds[p])
        if (isThread(p)) threads += threadProducer(p, r) else producerJobs[p] = workers.coroutineProducer(p, r)
    }
    for (c in 0 until CONSUMERS) {
        val r = Random(seeds[PRODUCERS + c])
        if (isThread(c)) threads += threadConsumer(c, r) else consumerJobs[c] = workers.coroutineConsumer(r)
    }
    threads.forEach { it.isDaemon = true; it.start() }
    val producerThreads = threads.filter { it.name.startsWith("delivery-producer") }
    val consumerThreads = threads - producerThreads.toSet()

    fun producersDone() = (0 until PRODUCERS).all { nextSeq[it] == perProducer }

    val stall = Reliability.pick(quick = 60.seconds, long = 30.minutes)
    try {
        withTimeout(stall) {
            // Cut one worker short about every millisecond, until every item is put.
            while (!producersDone()) {
                delay(1)
                val worker = random.nextInt(PRODUCERS + CONSUMERS)
                val producer = worker < PRODUCERS
                val n = if (producer) worker else worker - PRODUCERS
                if (isThread(n)) {
                    (if (producer) producerThreads else consumerThreads)[n / 2].interrupt()
                } else if (producer) {
                    if (nextSeq[n] < perProducer) {
                        producerJobs[n]!!.cancelAndJoin()
                        producerJobs[n] = workers.coroutineProducer(n, Random(random.nextLong()))
                        cancellations.incrementAndGet()
                    }
                } else {
                    consumerJobs[n]!!.cancelAndJoin()
                    consumerJobs[n] = workers.coroutineConsumer(Random(random.nextLong()))
                    cancellations.incrementAndGet()
                }
            }
            // Let the consumers take most of it, then stop them at a random point: the rest stays queued.
            val stopAt = count - random.nextInt(minOf(count, 2_000))
            while (received.get() < stopAt) delay(1)
        }
    } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
        throw AssertionError(
            "stalled: ${received.get()} of $count items received, producers at $nextSeq of $perProducer; " +
                "queue ${q.core.debugState()}; threads ${threads.map { "${it.name} ${it.state}" }}",
        )
    } finally {
        stopConsumers.set(true)
        consumerJobs.forEach { it?.cancelAndJoin() }
        producerJobs.forEach { it?.cancelAndJoin() }
        // A consumer thread blocked in get() is woken by an interrupt; it then sees the stop flag.
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        for (t in threads) {
            while (t.isAlive && System.nanoTime() < deadline) {
                t.interrupt()
                t.join(10)
            }
            check(!t.isAlive) { "${t.name} did not end: ${t.state}" }
        }
    }

    val sizeBefore = q.qsize()
    val left = generateSequence { try { q.getNowait() } catch (e: Empty) { null } }.toList()
    check(sizeBefore == left.size) { "qsize() said $sizeBefore, but ${left.size} items were left" }
    left.forEach { got.incrementAndGet(it) }
    for (item in 0 until count) {
        check(put.get(item) == 1) { "item $item was never put" }
        check(got.get(item) == 1) { "item $item was delivered ${got.get(item)} times (consumed or left in the queue)" }
    }
    DeliveryStats(count, cancellations.get(), interrupts.get(), left.size)
}
