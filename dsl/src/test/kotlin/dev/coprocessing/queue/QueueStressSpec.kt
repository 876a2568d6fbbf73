package dev.coprocessing.queue

import dev.coprocessing.pipe.Pipe
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.io.EOFException
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicIntegerArray
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull
import kotlinx.coroutines.yield

/**
 * Many producers and consumers, cancelled at random moments (while waiting, while being handed an item,
 * between calls), after kotlinx.coroutines' ChannelUndeliveredElementStressTest: at the end every item whose
 * `put` returned is accounted for exactly once, consumed or still queued, and no item whose `put` was
 * cancelled ever shows up. Items from one producer must reach each consumer in the order they were put.
 *
 * The default size takes a few seconds; `-Dcoprocessing.stress.scale=10` runs ten times as many items.
 */
class QueueStressSpec : FunSpec({
    val scale = System.getProperty("coprocessing.stress.scale")?.toDoubleOrNull() ?: 1.0
    fun items(base: Int) = (base * scale).toInt().coerceAtLeast(1_000)

    test("Queue(16), 8 producers and 8 consumers, random cancellation and timeouts: exactly once, per-producer FIFO") {
        val q = Queue<Int>(maxsize = 16)
        val stats = stress(producers = 8, consumers = 8, total = items(300_000), fifo = true, queue = q.asStressed())
        println("Queue(16): $stats")
        stats.cancellations shouldBeGreaterThan 0L
    }

    test("unbounded Queue: exactly once, per-producer FIFO") {
        val stats = stress(producers = 8, consumers = 8, total = items(100_000), fifo = true, queue = Queue<Int>().asStressed(), stopEarly = true)
        println("unbounded Queue: $stats")
    }

    test("LifoQueue(8) and PriorityQueue(8): exactly once") {
        stress(producers = 8, consumers = 8, total = items(50_000), fifo = false, queue = LifoQueue<Int>(8).asStressed())
        stress(producers = 8, consumers = 8, total = items(50_000), fifo = false, queue = PriorityQueue<Int>(8).asStressed())
    }

    test("SimpleQueue: exactly once, per-producer FIFO") {
        val q = SimpleQueue<Int>()
        stress(
            producers = 8, consumers = 8, total = items(50_000), fifo = true, stopEarly = true,
            queue = Stressed(
                put = { item, _ -> q.put(item); true },
                get = { random ->
                    if (random.nextInt(8) != 0) q.get()
                    else runCatching { q.get(timeout = random.nextInt(50).microseconds) }.onFailure { if (it !is Empty) throw it }.getOrNull()
                },
                drain = { generateSequence { runCatching { q.getNowait() }.getOrNull() }.toList() },
                size = { q.qsize() },
            ),
        )
    }

    test("a pipe with 8 receivers cancelled at random: every message received once or still in the pipe") {
        val (reader, writer) = Pipe<Int>(duplex = false)
        stress(
            producers = 1, consumers = 8, total = items(50_000), fifo = true, stopEarly = true,
            queue = Stressed(
                put = { item, _ -> writer.send(item); true },
                get = { random -> if (random.nextInt(8) == 0 && !reader.poll(random.nextInt(50).microseconds)) null else reader.recv() },
                drain = {
                    writer.close()
                    runBlocking {
                        buildList {
                            while (true) add(try { reader.recv() } catch (e: EOFException) { break })
                        }
                    }
                },
                size = { -1 },
            ),
        )
    }

    test("blocking twins on threads, consumers interrupted at random: exactly once") {
        val q = Queue<Int>(maxsize = 8)
        val total = items(10_000)
        val perProducer = total / 4
        val put = AtomicIntegerArray(perProducer * 4)
        val got = AtomicIntegerArray(perProducer * 4)
        val received = AtomicInteger()
        val interrupts = AtomicLong()
        val stop = AtomicBoolean(false)
        val producers = List(4) { p ->
            Thread {
                for (seq in 0 until perProducer) {
                    val item = p * perProducer + seq
                    q.putBlocking(item)
                    put.set(item, 1)
                }
            }
        }
        val consumers = List(4) {
            Thread {
                val random = ThreadLocalRandom.current()
                while (!stop.get()) {
                    val item = try {
                        if (random.nextBoolean()) q.getBlocking() else q.getBlocking(0.001)
                    } catch (e: InterruptedException) {
                        continue
                    } catch (e: Empty) {
                        continue
                    }
                    got.incrementAndGet(item)
                    received.incrementAndGet()
                }
            }
        }
        (producers + consumers).forEach { it.isDaemon = true; it.start() }
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        val random = ThreadLocalRandom.current()
        while (received.get() < perProducer * 4) {
            check(System.nanoTime() < deadline) {
                "consumers stalled at ${received.get()} of ${perProducer * 4} items; queue ${q.core.debugState()}; " +
                    "threads ${(producers + consumers).map { it.state }}"
            }
            consumers[random.nextInt(consumers.size)].interrupt()
            interrupts.incrementAndGet()
            TimeUnit.MICROSECONDS.sleep(random.nextLong(200, 1_000)) // pacing for the interrupter, not a wait for a result
        }
        stop.set(true)
        consumers.forEach { it.interrupt() }
        (producers + consumers).forEach { it.join(10_000); check(!it.isAlive) { "${it.name} did not end" } }
        for (item in 0 until perProducer * 4) {
            put.get(item) shouldBe 1
            check(got.get(item) == 1) { "item $item was received ${got.get(item)} times" }
        }
        q.qsize() shouldBe 0
        println("threads: $interrupts interrupts")
        interrupts.get() shouldBeGreaterThan 0L
    }
})

/** The operations a stress run needs, so one harness drives every kind of queue. */
private class Stressed(
    /** Puts the item, or returns false when it was not put (Full after a timeout), to be tried again. */
    val put: suspend (Int, ThreadLocalRandom) -> Boolean,
    /** Gets an item, or null when none came (Empty after a timeout). */
    val get: suspend (ThreadLocalRandom) -> Int?,
    /** Takes whatever is left, once the workers are stopped. */
    val drain: () -> List<Int>,
    /** What qsize() says, or -1 where there is none. */
    val size: () -> Int,
    /** The queue's inner state, named when a run stalls. */
    val state: () -> String = { "" },
)

private fun Queue<Int>.asStressed() = Stressed(
    put = { item, random ->
        when (random.nextInt(10)) {
            0 -> runCatching { put(item, timeout = random.nextInt(100).microseconds) }.onFailure { if (it !is Full) throw it }.isSuccess
            1 -> runCatching { putNowait(item) }.onFailure { if (it !is Full) throw it }.isSuccess.also { if (!it) yield() }
            else -> { put(item); true }
        }
    },
    get = { random ->
        when (random.nextInt(10)) {
            0 -> runCatching { get(timeout = random.nextInt(100).microseconds) }.onFailure { if (it !is Empty) throw it }.getOrNull()
            1 -> runCatching { getNowait() }.onFailure { if (it !is Empty) throw it }.getOrNull().also { if (it == null) yield() }
            else -> get()
        }
    },
    drain = { generateSequence { runCatching { getNowait() }.getOrNull() }.toList() },
    size = { qsize() },
    state = { core.debugState() },
)

private val stallTimeout = 30.seconds

private data class StressStats(val items: Int, val cancellations: Long, val leftInQueue: Int)

/**
 * Runs [producers] and [consumers] over [queue] on `Dispatchers.Default`, cancelling one of them at random
 * about every millisecond, until every item has been put; then stops the consumers at a random moment and
 * checks the books: each item put was received once or is still queued, each item not put was never seen,
 * and with [fifo] each consumer saw each producer's items in increasing order. With [stopEarly] the consumers
 * stop for good part-way, so that many items are left in the queue to be counted there.
 */
private suspend fun stress(
    producers: Int,
    consumers: Int,
    total: Int,
    fifo: Boolean,
    queue: Stressed,
    stopEarly: Boolean = false,
): StressStats =
    withContext(Dispatchers.Default) {
        val perProducer = total / producers
        val count = perProducer * producers
        val putDone = AtomicIntegerArray(count)
        val got = AtomicIntegerArray(count)
        val received = AtomicInteger()
        val orderViolations = AtomicInteger()
        val cancellations = AtomicLong()
        // Each slot is used by one incarnation at a time (the next starts after the previous has been joined).
        val nextSeq = IntArray(producers)
        val lastSeen = Array(consumers) { IntArray(producers) { -1 } }

        fun CoroutineScope.producer(p: Int): Job = launch {
            val random = ThreadLocalRandom.current()
            while (nextSeq[p] < perProducer) {
                val item = p * perProducer + nextSeq[p]
                if (!queue.put(item, random)) continue
                // No suspension from here to the loop's end: a cancellation cannot split "put" from "recorded".
                check(putDone.getAndSet(item, 1) == 0) { "item $item put twice" }
                nextSeq[p]++
            }
        }

        // With stopEarly, the consumers stop for good once they have this many, while producers go on.
        val stopConsumersAt = if (stopEarly) ThreadLocalRandom.current().nextInt(count / 4, count / 2) else Int.MAX_VALUE

        fun CoroutineScope.consumer(c: Int): Job = launch {
            val random = ThreadLocalRandom.current()
            while (received.get() < stopConsumersAt) {
                val item = queue.get(random) ?: continue
                got.incrementAndGet(item)
                received.incrementAndGet()
                if (fifo) {
                    val p = item / perProducer
                    val seq = item % perProducer
                    if (seq <= lastSeen[c][p]) orderViolations.incrementAndGet()
                    lastSeen[c][p] = seq
                }
            }
        }

        var stateAtStall = ""
        val finished = coroutineScope {
            val workers = this // restarted workers belong here, not to the timeout's scope below
            val producerJobs = Array(producers) { producer(it) }
            val consumerJobs = Array(consumers) { consumer(it) }
            val random = ThreadLocalRandom.current()
            val finished = withTimeoutOrNull(stallTimeout) {
                while (nextSeq.indices.any { nextSeq[it] < perProducer } || producerJobs.any { it.isActive }) {
                    delay(1)
                    val slot = random.nextInt(producers + consumers)
                    if (slot < producers) {
                        if (nextSeq[slot] < perProducer) {
                            producerJobs[slot].cancelAndJoin()
                            producerJobs[slot] = workers.producer(slot)
                        }
                    } else {
                        val c = slot - producers
                        consumerJobs[c].cancelAndJoin()
                        consumerJobs[c] = workers.consumer(c)
                    }
                    cancellations.incrementAndGet()
                }
                // Everything is put; let the consumers take most of it, then stop them at a random point.
                val stopAt = if (stopEarly) 0 else count - random.nextInt(minOf(count, 1_000))
                while (received.get() < stopAt) delay(1)
                true
            }
            if (finished == null) stateAtStall = queue.state()
            val ended = withTimeoutOrNull(stallTimeout) { (producerJobs + consumerJobs).forEach { it.cancelAndJoin() } }
            check(ended != null) { "a worker did not end after cancellation; queue: ${queue.state()}" }
            finished
        }
        check(finished != null) {
            "stalled: ${received.get()} of $count items received, producers at ${nextSeq.toList()} of $perProducer, " +
                "queue: $stateAtStall"
        }

        val sizeBefore = queue.size()
        val left = queue.drain()
        if (sizeBefore >= 0) check(sizeBefore == left.size) { "qsize() said $sizeBefore, but ${left.size} items were left" }
        left.forEach { got.incrementAndGet(it) }
        for (item in 0 until count) {
            check(putDone.get(item) == 1) { "item $item was never put" }
            check(got.get(item) == 1) { "item $item was delivered ${got.get(item)} times (consumed or left in the queue)" }
        }
        check(orderViolations.get() == 0) { "${orderViolations.get()} items reached a consumer before an earlier item of their producer" }
        StressStats(count, cancellations.get(), left.size)
    }
