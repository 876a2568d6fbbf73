@file:Suppress("unused")

package dev.coprocessing.reliability

import dev.coprocessing.queue.Empty
import dev.coprocessing.queue.Full
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.LifoQueue
import dev.coprocessing.queue.PriorityQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.queue.SimpleQueue
import io.kotest.core.spec.style.FunSpec
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen

/**
 * Every queue kind is linearizable, its waiting `put` and `get` included: a `get` cancelled while it waits, or as
 * an item reaches it, takes nothing (the item stays for the next getter), and a cancelled `put` puts nothing. So
 * the order the kind promises (FIFO, LIFO, lowest first) holds whatever the interleaving.
 */
class QueueLincheckSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    linearizable("Queue(maxsize=2)", QueueModel::class)
    linearizable("JoinableQueue", JoinableQueueModel::class)
    linearizable("SimpleQueue", SimpleQueueModel::class)
    linearizable("LifoQueue(maxsize=2)", LifoQueueModel::class)
    linearizable("PriorityQueue(maxsize=3)", PriorityQueueModel::class)
})

/** A bounded [Queue]: waits for room and for items, and the non-waiting forms beside them. */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class QueueModel {
    private val q = Queue<Int>(maxsize = 2)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun put(@Param(name = "item") item: Int): Unit = q.put(item)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun get(): Int = q.get()

    @Operation
    fun putNowait(@Param(name = "item") item: Int): Boolean = try {
        q.putNowait(item)
        true
    } catch (e: Full) {
        false
    }

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation
    fun qsize(): Int = q.qsize()

    @Operation
    fun empty(): Boolean = q.empty()

    @Operation
    fun full(): Boolean = q.full()
}

/** [JoinableQueue]: `join` waits until every item put has been marked done; one `taskDone` too many is refused. */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class JoinableQueueModel {
    private val q = JoinableQueue<Int>()

    @Operation
    fun putNowait(@Param(name = "item") item: Int): Unit = q.putNowait(item)

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun taskDone(): Unit = q.taskDone()

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun join(): Unit = q.join()

    @Operation
    fun qsize(): Int = q.qsize()
}

/** [SimpleQueue]: unbounded, so `put` never waits; `get` waits for an item. */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class SimpleQueueModel {
    private val q = SimpleQueue<Int>()

    @Operation
    fun put(@Param(name = "item") item: Int): Unit = q.put(item)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun get(): Int = q.get()

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation
    fun empty(): Boolean = q.empty()
}

/** A bounded [LifoQueue]: the last item put comes out first. */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class LifoQueueModel {
    private val q = LifoQueue<Int>(maxsize = 2)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun put(@Param(name = "item") item: Int): Unit = q.put(item)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun get(): Int = q.get()

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation
    fun qsize(): Int = q.qsize()
}

/** A bounded [PriorityQueue]: the lowest item comes out first. */
@Param(name = "item", gen = IntGen::class, conf = "1:4")
class PriorityQueueModel {
    private val q = PriorityQueue<Int>(maxsize = 3)

    @Operation
    fun putNowait(@Param(name = "item") item: Int): Boolean = try {
        q.putNowait(item)
        true
    } catch (e: Full) {
        false
    }

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun get(): Int = q.get()

    @Operation
    fun getNowait(): Int? = try {
        q.getNowait()
    } catch (e: Empty) {
        null
    }

    @Operation
    fun qsize(): Int = q.qsize()
}
