package dev.coprocessing.queue

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.RemoteOp
import dev.coprocessing.internal.ShareableType
import java.io.Serializable
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * A queue of a parent JVM as a worker JVM sees it: every operation is the parent queue's, sent through [remote];
 * only [close] is this process's own, as in CPython, where `close()` in a child means "this process puts no
 * more".
 */
internal class RemoteQueueCore<T>(val remote: RemoteObject, maxsize: Int, private val owner: Any) :
    QueueCore<T>(maxsize, ItemStore.Fifo(), owner) {
    @Volatile private var closedHere = false

    private fun checkOpen() {
        if (closedHere) throw IllegalStateException("Queue $owner is closed")
    }

    private suspend fun call(op: QueueOp): Any? {
        checkOpen()
        return remote.call(op)
    }

    private fun callNow(op: QueueOp): Any? {
        checkOpen()
        return remote.callBlocking(op)
    }

    override val isShutdown: Boolean get() = remote.callBlocking(QueueOp.IsShutdown) as Boolean

    override suspend fun put(item: T, block: Boolean, timeout: Duration?) {
        call(QueueOp.Put(item, block, timeout.nanos()))
    }

    override fun putNowait(item: T) {
        callNow(QueueOp.Put(item, false, NO_TIMEOUT))
    }

    @Suppress("UNCHECKED_CAST")
    override suspend fun get(block: Boolean, timeout: Duration?): T = call(QueueOp.Get(block, timeout.nanos())) as T

    @Suppress("UNCHECKED_CAST")
    override fun getNowait(): T = callNow(QueueOp.Get(false, NO_TIMEOUT)) as T

    override fun qsize(): Int = callNow(QueueOp.Size) as Int

    override fun empty(): Boolean = callNow(QueueOp.Empty) as Boolean

    override fun full(): Boolean = callNow(QueueOp.Full) as Boolean

    override fun taskDone() {
        callNow(QueueOp.TaskDone)
    }

    override suspend fun join() {
        call(QueueOp.Join)
    }

    override fun shutdown(immediate: Boolean) {
        callNow(QueueOp.Shutdown(immediate))
    }

    override fun close() {
        closedHere = true
    }

    override fun joinThread() {
        check(closedHere) { "Queue $owner not closed: call close() before joinThread()" }
    }

    override fun debugState(): String = "proxy of the parent's queue (${remote.id})"

    override fun describe(tasks: Boolean): String =
        (if (closedHere) "closed " else "") + remote.callBlocking(QueueOp.Describe(tasks)) as String

    private companion object {
        const val NO_TIMEOUT = -1L

        fun Duration?.nanos(): Long = this?.inWholeNanoseconds ?: NO_TIMEOUT
    }

    /** The operations a proxy sends, applied to the parent's queue. */
    sealed class QueueOp : RemoteOp {
        @Suppress("UNCHECKED_CAST")
        protected val BaseQueue<*>.ops: QueueCore<Any?> get() = core as QueueCore<Any?>

        final override suspend fun applyTo(target: Any): Any? = apply((target as BaseQueue<*>).ops)

        abstract suspend fun apply(core: QueueCore<Any?>): Any?

        protected fun timeoutOf(nanos: Long): Duration? = if (nanos == NO_TIMEOUT) null else nanos.nanoseconds

        class Put(private val item: Any?, private val block: Boolean, private val timeout: Long) : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.put(item, block, timeoutOf(timeout))
        }

        class Get(private val block: Boolean, private val timeout: Long) : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.get(block, timeoutOf(timeout))
        }

        object Size : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.qsize()
            private fun readResolve(): Any = Size
        }

        object Empty : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.empty()
            private fun readResolve(): Any = Empty
        }

        object Full : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.full()
            private fun readResolve(): Any = Full
        }

        object TaskDone : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.taskDone()
            private fun readResolve(): Any = TaskDone
        }

        object Join : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.join()
            private fun readResolve(): Any = Join
        }

        object IsShutdown : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.isShutdown
            private fun readResolve(): Any = IsShutdown
        }

        class Shutdown(private val immediate: Boolean) : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.shutdown(immediate)
        }

        class Describe(private val tasks: Boolean) : QueueOp() {
            override suspend fun apply(core: QueueCore<Any?>): Any? = core.describe(tasks)
        }
    }
}

/** How queues cross to a worker JVM: as a proxy of the same class (see [ShareableType]). */
internal object QueueSharing : ShareableType {
    override fun remoteId(obj: Any): Long? = ((obj as BaseQueue<*>).core as? RemoteQueueCore<*>)?.remote?.id

    override fun remoteRef(obj: Any, id: Long): Serializable {
        val queue = obj as BaseQueue<*>
        val kind = when (queue) {
            is LifoQueue<*> -> QueueRef.LIFO
            is PriorityQueue<*> -> QueueRef.PRIORITY
            is JoinableQueue<*> -> QueueRef.JOINABLE
            is Queue<*> -> QueueRef.QUEUE
            is SimpleQueue<*> -> QueueRef.SIMPLE
            else -> throw java.io.NotSerializableException("${obj.javaClass.name} (a queue of a class of its own)")
        }
        return QueueRef(id, kind, queue.core.maxsize)
    }
}

/** A queue as it crosses to a worker JVM, read back there as a proxy of the same class. */
internal class QueueRef(private val id: Long, private val kind: Int, private val maxsize: Int) : Serializable {
    private fun readResolve(): Any = Remote.proxy(id) {
        when (kind) {
            LIFO -> LifoQueue<Any?>(maxsize)
            PRIORITY -> PriorityQueue<Any?>(maxsize)
            JOINABLE -> JoinableQueue<Any?>(maxsize)
            QUEUE -> Queue<Any?>(maxsize)
            else -> SimpleQueue<Any?>()
        }
    }

    internal companion object {
        private const val serialVersionUID = 1L
        const val QUEUE = 0
        const val JOINABLE = 1
        const val SIMPLE = 2
        const val LIFO = 3
        const val PRIORITY = 4
    }
}
