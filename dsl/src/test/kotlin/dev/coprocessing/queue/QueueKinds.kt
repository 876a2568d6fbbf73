package dev.coprocessing.queue

import dev.coprocessing.manager.QueueProxy
import dev.coprocessing.sync.ManagerPerTest
import kotlin.time.Duration

/** What [JoinableQueue] and a manager's [QueueProxy] both offer, so that one suite of cases runs over both. */
interface QueueView<T> {
    val maxsize: Int
    val isShutdown: Boolean
    suspend fun put(item: T, block: Boolean = true, timeout: Duration? = null)
    fun putBlocking(item: T)
    fun putBlocking(item: T, timeoutSeconds: Double)
    fun putBlocking(item: T, timeout: java.time.Duration)
    fun putBlocking(item: T, block: Boolean)
    fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double)
    fun putBlocking(item: T, block: Boolean = true, timeout: Duration?)
    fun putNowait(item: T)
    suspend fun get(block: Boolean = true, timeout: Duration? = null): T
    fun getBlocking(): T
    fun getBlocking(timeoutSeconds: Double): T
    fun getBlocking(timeout: java.time.Duration): T
    fun getBlocking(block: Boolean): T
    fun getBlocking(block: Boolean, timeoutSeconds: Double): T
    fun getBlocking(block: Boolean, timeout: java.time.Duration): T
    fun getBlocking(block: Boolean = true, timeout: Duration?): T
    fun getNowait(): T
    fun qsize(): Int
    fun empty(): Boolean
    fun full(): Boolean
    fun taskDone()
    suspend fun join()
    fun joinBlocking()
    fun shutdown(immediate: Boolean = false)
}

/** How a suite makes its queues: `Queue(maxsize)` and `JoinableQueue(maxsize)`, plain or managed. */
interface QueueKind {
    fun <T> queue(maxsize: Int = 0): QueueView<T>
    fun <T> joinable(maxsize: Int = 0): QueueView<T>

    companion object {
        val plain: QueueKind = object : QueueKind {
            override fun <T> queue(maxsize: Int): QueueView<T> = Queue<T>(maxsize).view()
            override fun <T> joinable(maxsize: Int): QueueView<T> = JoinableQueue<T>(maxsize).view()
        }

        fun managed(managers: ManagerPerTest): QueueKind = object : QueueKind {
            override fun <T> queue(maxsize: Int): QueueView<T> = managers.manager.Queue<T>(maxsize).view()
            override fun <T> joinable(maxsize: Int): QueueView<T> = managers.manager.JoinableQueue<T>(maxsize).view()
        }
    }
}

/** A plain queue's view; `taskDone` and `join` are a [JoinableQueue]'s. */
fun <T> Queue<T>.view(): QueueView<T> = object : QueueView<T> {
    private val q = this@view
    override val maxsize get() = q.maxsize
    override val isShutdown get() = q.isShutdown
    override suspend fun put(item: T, block: Boolean, timeout: Duration?) = q.put(item, block, timeout)
    override fun putBlocking(item: T) = q.putBlocking(item)
    override fun putBlocking(item: T, timeoutSeconds: Double) = q.putBlocking(item, timeoutSeconds)
    override fun putBlocking(item: T, timeout: java.time.Duration) = q.putBlocking(item, timeout)
    override fun putBlocking(item: T, block: Boolean) = q.putBlocking(item, block)
    override fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double) = q.putBlocking(item, block, timeoutSeconds)
    override fun putBlocking(item: T, block: Boolean, timeout: Duration?) = q.putBlocking(item, block, timeout)
    override fun putNowait(item: T) = q.putNowait(item)
    override suspend fun get(block: Boolean, timeout: Duration?) = q.get(block, timeout)
    override fun getBlocking() = q.getBlocking()
    override fun getBlocking(timeoutSeconds: Double) = q.getBlocking(timeoutSeconds)
    override fun getBlocking(timeout: java.time.Duration) = q.getBlocking(timeout)
    override fun getBlocking(block: Boolean) = q.getBlocking(block)
    override fun getBlocking(block: Boolean, timeoutSeconds: Double) = q.getBlocking(block, timeoutSeconds)
    override fun getBlocking(block: Boolean, timeout: java.time.Duration) = q.getBlocking(block, timeout)
    override fun getBlocking(block: Boolean, timeout: Duration?) = q.getBlocking(block, timeout)
    override fun getNowait() = q.getNowait()
    override fun qsize() = q.qsize()
    override fun empty() = q.empty()
    override fun full() = q.full()
    override fun taskDone() = (q as JoinableQueue<T>).taskDone()
    override suspend fun join() = (q as JoinableQueue<T>).join()
    override fun joinBlocking() = (q as JoinableQueue<T>).joinBlocking()
    override fun shutdown(immediate: Boolean) = q.shutdown(immediate)
    override fun toString() = q.toString()
}

fun <T> QueueProxy<T>.view(): QueueView<T> = object : QueueView<T> {
    private val q = this@view
    override val maxsize get() = q.maxsize
    override val isShutdown get() = q.isShutdown
    override suspend fun put(item: T, block: Boolean, timeout: Duration?) = q.put(item, block, timeout)
    override fun putBlocking(item: T) = q.putBlocking(item)
    override fun putBlocking(item: T, timeoutSeconds: Double) = q.putBlocking(item, timeoutSeconds)
    override fun putBlocking(item: T, timeout: java.time.Duration) = q.putBlocking(item, timeout)
    override fun putBlocking(item: T, block: Boolean) = q.putBlocking(item, block)
    override fun putBlocking(item: T, block: Boolean, timeoutSeconds: Double) = q.putBlocking(item, block, timeoutSeconds)
    override fun putBlocking(item: T, block: Boolean, timeout: Duration?) = q.putBlocking(item, block, timeout)
    override fun putNowait(item: T) = q.putNowait(item)
    override suspend fun get(block: Boolean, timeout: Duration?) = q.get(block, timeout)
    override fun getBlocking() = q.getBlocking()
    override fun getBlocking(timeoutSeconds: Double) = q.getBlocking(timeoutSeconds)
    override fun getBlocking(timeout: java.time.Duration) = q.getBlocking(timeout)
    override fun getBlocking(block: Boolean) = q.getBlocking(block)
    override fun getBlocking(block: Boolean, timeoutSeconds: Double) = q.getBlocking(block, timeoutSeconds)
    override fun getBlocking(block: Boolean, timeout: java.time.Duration) = q.getBlocking(block, timeout)
    override fun getBlocking(block: Boolean, timeout: Duration?) = q.getBlocking(block, timeout)
    override fun getNowait() = q.getNowait()
    override fun qsize() = q.qsize()
    override fun empty() = q.empty()
    override fun full() = q.full()
    override fun taskDone() = q.taskDone()
    override suspend fun join() = q.join()
    override fun joinBlocking() = q.joinBlocking()
    override fun shutdown(immediate: Boolean) = q.shutdown(immediate)
    override fun toString() = q.toString()
}
