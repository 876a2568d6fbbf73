package dev.coprocessing.futures

import dev.coprocessing.BrokenExecutor
import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.BrokenThreadPool
import dev.coprocessing.CancelledError
import dev.coprocessing.TimeoutError
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import java.util.concurrent.ThreadPoolExecutor as JdkThreadPoolExecutor

/** What an executor's workers are: CPython's worker processes, or threads of the submitting process. */
internal enum class WorkerKind { PROCESS, THREAD }

/** A Java initializer as the suspend lambda workers run (on their own thread, where it may block). */
internal fun suspending(initializer: Runnable): suspend () -> Unit = { initializer.run() }

/**
 * The machinery behind both executors: a `java.util.concurrent.ThreadPoolExecutor` of [maxWorkers] library
 * threads, each of which is one worker. For a process pool, every worker thread runs its tasks as a worker
 * process (`Process.newWorker`), replaced after [maxTasksPerChild] tasks; for a thread pool, tasks run in
 * the process that created the executor, as threads do in CPython.
 *
 * A suspend task runs on its worker's thread (in `runBlocking`), so a worker runs one task at a time, as a
 * CPython worker does, and stopping the worker (an interrupt) cancels the task.
 */
internal class WorkerPool(
    val owner: Executor,
    val maxWorkers: Int,
    private val kind: WorkerKind,
    private val threadNamePrefix: String,
    private val virtual: Boolean,
    private val initializer: (suspend () -> Unit)?,
    private val maxTasksPerChild: Int?,
) : OwnedResource {
    init {
        require(maxWorkers > 0) { "max_workers must be greater than 0, got $maxWorkers" }
        require(maxTasksPerChild == null || maxTasksPerChild >= 1) {
            "max_tasks_per_child must be >= 1, got $maxTasksPerChild; use null for workers that live as long as the executor"
        }
    }

    /** The process that created the executor: its callbacks run there, and a thread pool's tasks too. */
    val creator: Process? = ProcessContext.currentOrNull()
    private val creatorContext: CoroutineContext = creator?.let(ProcessContext::elementOf) ?: EmptyCoroutineContext
    private val marker = OwnTask(this)
    private val threadCount = AtomicInteger()
    private val liveThreads = AtomicInteger()
    private val slots = ThreadLocal<WorkerSlot>()
    private val terminationReported = AtomicBoolean()
    private val terminated = CompletableDeferred<Unit>()
    private val callbackJob = SupervisorJob()
    private val callbackScope = CoroutineScope(callbackJob + Dispatchers.Default + creatorContext)

    /** Exceptions of finished tasks that nobody has retrieved yet. */
    val unretrieved: MutableSet<UnretrievedException> = ConcurrentHashMap.newKeySet()

    @Volatile var isShutdown: Boolean = false
        private set

    /** Why the pool broke (an initializer failed), or `null` while it works. */
    @Volatile private var broken: Throwable? = null

    /** The signal that stopped the workers: 0 while none did, -15 after terminate, -9 after kill. */
    @Volatile private var stopSignal: Int = 0

    private val executor: JdkThreadPoolExecutor = object : JdkThreadPoolExecutor(
        maxWorkers, maxWorkers, 0L, TimeUnit.MILLISECONDS, LinkedBlockingQueue(), ThreadFactory(::newThread),
    ) {
        override fun terminated() {
            if (liveThreads.get() == 0) finishTermination()
        }
    }

    val isBroken: Boolean get() = broken != null
    val isTerminated: Boolean get() = terminated.isCompleted

    init {
        LiveResources.opened(owner) { owner.toString() }
        creator?.own(this)
    }

    // ---- submitting ---------------------------------------------------------------------------------

    fun <T> submit(task: TaskFuture<T>): Future<T> {
        UnretrievedException.reportCollected()
        broken?.let { throw brokenError(it) }
        check(!isShutdown) { SHUTDOWN_MESSAGE }
        try {
            executor.execute(task)
        } catch (e: RejectedExecutionException) {
            throw IllegalStateException(SHUTDOWN_MESSAGE, e)
        }
        return task
    }

    /** Runs a coroutine's [block] on a worker (for `asCoroutineDispatcher()`); throws when shut down. */
    fun dispatch(block: Runnable) {
        executor.execute(DispatchedBlock(block))
    }

    /** A coroutine's block: it runs in the worker's process, which is its thread's current process. */
    private class DispatchedBlock(val block: Runnable) : Runnable by block

    // ---- running ----------------------------------------------------------------------------------

    fun <T> run(task: TaskFuture<T>) {
        val slot = slots.get() ?: WorkerSlot().also(slots::set)
        if (broken == null && !slot.ready) prepare(slot)
        broken?.let { cause ->
            task.failIfNotDone(brokenError(cause))
            return
        }
        if (!task.setRunningOrNotifyCancel()) return
        var result: Any? = null
        var error: Throwable? = null
        try {
            result = task.invoke(slot.context)
        } catch (e: Throwable) {
            error = e
        }
        if (stopSignal != 0) {
            Thread.interrupted()
            if (error is InterruptedException || error is CancellationException) {
                task.setExecutorError(stoppedError())
                return
            }
        }
        @Suppress("UNCHECKED_CAST")
        if (error == null) task.setResult(result as T) else task.setException(outcomeOf(error))
        retireIfDone(slot)
    }

    /**
     * Runs a callback in the process that created this executor, as CPython runs done callbacks in the
     * parent process, whichever worker thread completes the future.
     */
    inline fun <R> inCreator(block: () -> R): R = ProcessContext.runAs(creator, block)

    /**
     * Makes this thread's worker ready for its first task: its worker process, then the initializer. From
     * then on the thread's current process is the worker's (a thread pool's: its creator's), set once here
     * rather than around every task.
     */
    private fun prepare(slot: WorkerSlot) {
        if (kind == WorkerKind.PROCESS) {
            val name = "SpawnProcess-${workerNumbers.incrementAndGet()}"
            val worker = ProcessContext.runAs(creator) { Process.newWorker(name) { } }
            slot.process = worker
            Thread.currentThread().name = name
        }
        ProcessContext.enter(slot.process ?: creator)
        slot.context = (slot.process ?: creator)?.let { ProcessContext.elementOf(it) + marker } ?: marker
        val init = initializer
        if (init != null) {
            try {
                runBlocking(slot.context) { init() }
            } catch (e: Throwable) {
                synchronized(System.err) {
                    System.err.println("Exception in initializer of ${slot.process?.name ?: Thread.currentThread().name}:")
                    e.printStackTrace()
                }
                slot.process?.endWorkerBlocking(1)
                slot.process = null
                ProcessContext.enter(creator)
                breakPool(e)
                return
            }
        }
        slot.ready = true
    }

    /** Replaces a worker process that has run its [maxTasksPerChild] tasks, as CPython does. */
    private fun retireIfDone(slot: WorkerSlot) {
        val limit = maxTasksPerChild ?: return
        if (++slot.tasks < limit) return
        slot.process?.endWorkerBlocking(0)
        slot.process = null
        ProcessContext.enter(creator)
        slot.tasks = 0
        slot.ready = false
    }

    private fun breakPool(cause: Throwable) {
        synchronized(this) {
            if (broken != null) return
            broken = cause
        }
        drainQueue().forEach { handleDrained(it) { task -> task.failIfNotDone(brokenError(cause)) } }
    }

    private fun brokenError(cause: Throwable): BrokenExecutor = when (kind) {
        WorkerKind.PROCESS -> BrokenProcessPool("A process initializer failed, the process pool is not usable anymore", cause)
        WorkerKind.THREAD -> BrokenThreadPool("A thread initializer failed, the thread pool is not usable anymore", cause)
    }

    private fun stoppedError(): BrokenExecutor {
        val how = if (stopSignal == SIGKILL) "killed" else "terminated"
        return when (kind) {
            WorkerKind.PROCESS -> BrokenProcessPool(
                "A process in the process pool was $how abruptly while the future was running or pending.",
            )
            WorkerKind.THREAD -> BrokenThreadPool(
                "A thread in the thread pool was $how (interrupted) while the future was running.",
            )
        }
    }

    /**
     * What a task's exception becomes as its outcome: the exception itself, except kotlinx's cancellations,
     * which would silently cancel whoever rethrows them.
     */
    private fun outcomeOf(error: Throwable): Throwable = when (error) {
        is TimeoutCancellationException -> TimeoutError("the task timed out: ${error.message}", error)
        is CancellationException -> CancelledError("the task was cancelled while it ran: ${error.message}", error)
        else -> error
    }

    // ---- callbacks --------------------------------------------------------------------------------

    /** Runs done callbacks in a coroutine of this executor, started here and now (in the calling thread). */
    fun launchCallbacks(block: suspend () -> Unit) {
        callbackScope.launch(start = CoroutineStart.UNDISPATCHED) { block() }
    }

    // ---- shutting down ------------------------------------------------------------------------------

    /**
     * The end of the process that made this executor, which left it open: as CPython's exit handler, it
     * waits for the submitted tasks to run; after a failure or a terminate, it stops the workers first.
     */
    override suspend fun endWithOwner(failed: Boolean) {
        if (failed) stop(SIGTERM) else shutdown(cancelFutures = false)
        awaitTermination()
    }

    /** Stops accepting tasks; with [cancelFutures], cancels those not started. Never waits. */
    fun shutdown(cancelFutures: Boolean) {
        isShutdown = true
        executor.shutdown()
        if (cancelFutures) drainQueue().forEach { handleDrained(it) { task -> task.cancel() } }
    }

    /**
     * Stops every worker now: tasks not started are cancelled, running ones are interrupted (a suspend task
     * is cancelled) and fail with a broken-pool error. Returns the Java `Runnable`s that never ran.
     */
    fun stop(signal: Int): List<Runnable> {
        synchronized(this) { if (stopSignal == 0) stopSignal = signal }
        isShutdown = true
        val neverRan = ArrayList<Runnable>()
        executor.shutdownNow().forEach { runnable ->
            handleDrained(runnable) { task -> if (task.cancel()) task.source?.let(neverRan::add) }
        }
        return neverRan
    }

    /** Suspends until every worker has ended and every done callback has run. */
    suspend fun awaitTermination() {
        terminated.await()
        callbackJob.children.toList().forEach { it.join() }
    }

    /** Whether the caller is one of this pool's own tasks, which cannot wait for the pool to end. */
    suspend fun calledFromOwnTask(): Boolean = slots.get() != null || currentCoroutineContext()[OwnTask]?.pool === this

    fun calledFromOwnThread(): Boolean = slots.get() != null

    private fun drainQueue(): List<Runnable> = ArrayList<Runnable>().also { executor.queue.drainTo(it) }

    /** A drained task is settled by [action]; a drained coroutine block is never lost: it runs elsewhere. */
    private inline fun handleDrained(runnable: Runnable, action: (TaskFuture<*>) -> Unit) {
        when (runnable) {
            is TaskFuture<*> -> action(runnable)
            is DispatchedBlock -> Dispatchers.IO.dispatch(EmptyCoroutineContext, runnable.block)
            else -> runnable.run()
        }
    }

    private fun newThread(runnable: Runnable): Thread {
        val name = "${threadNamePrefix}_${threadCount.getAndIncrement()}"
        liveThreads.incrementAndGet()
        return workerThread(name, virtual) {
            val slot = WorkerSlot()
            slots.set(slot)
            ProcessContext.enter(creator)
            try {
                runnable.run()
            } finally {
                slot.process?.endWorkerBlocking(stopSignal)
                slots.remove()
                ProcessContext.enter(null)
                if (liveThreads.decrementAndGet() == 0 && executor.isTerminated) finishTermination()
            }
        }
    }

    /** The pool has ended: report exceptions nobody retrieved, then let waiters go. */
    private fun finishTermination() {
        if (!terminationReported.compareAndSet(false, true)) return
        UnretrievedException.reportCollected()
        unretrieved.toList().forEach { it.report("the executor shut down") }
        LiveResources.closed(owner)
        creator?.disown(this)
        terminated.complete(Unit)
    }

    fun describeState(): String = when {
        isTerminated -> "terminated"
        isBroken -> "broken"
        isShutdown -> "shutdown"
        else -> "running"
    }

    /** Marks the coroutines of this pool's tasks, so that `shutdown(wait = true)` inside one does not wait for itself. */
    private class OwnTask(val pool: WorkerPool) : AbstractCoroutineContextElement(Key) {
        companion object Key : CoroutineContext.Key<OwnTask>
    }

    /** One worker thread's state: its worker process (process pools), readiness and task count. */
    private class WorkerSlot {
        var process: Process? = null
        var ready: Boolean = false
        var tasks: Int = 0
        var context: CoroutineContext = EmptyCoroutineContext
    }

    companion object {
        const val SHUTDOWN_MESSAGE: String =
            "cannot schedule new futures after shutdown: submit before shutdown() (or the end of use { }), or make a new executor"
        const val SIGTERM: Int = -15
        const val SIGKILL: Int = -9

        /** Worker processes are numbered across executors, as CPython numbers a parent's children. */
        private val workerNumbers = AtomicInteger()
    }
}

/**
 * A submitted task: its future, and the `Runnable` a worker runs. What it runs is a suspend lambda (Kotlin)
 * or a blocking `Callable` (Java), kept in one field to keep a task small.
 */
internal class TaskFuture<T> private constructor(
    override val pool: WorkerPool,
    body: Any,
    private val suspending: Boolean,
    /** The Java `Runnable` this task wraps, if any, handed back by `shutdownNow()` when it never ran. */
    val source: Runnable?,
) : Future<T>(), Runnable {
    // Published to the worker by the executor's queue; read and forgotten there, so that a finished future
    // does not keep what the task captured.
    private var body: Any? = body

    override fun run() {
        pool.run(this)
    }

    /** Runs the body on this worker thread; a suspend body runs in `runBlocking` with [context]. */
    @Suppress("UNCHECKED_CAST")
    fun invoke(context: CoroutineContext): T {
        val fn = body!!
        body = null
        return if (suspending) runBlocking(context) { (fn as suspend () -> T)() } else (fn as Callable<T>).call()
    }

    companion object {
        fun <T> suspending(pool: WorkerPool, fn: suspend () -> T): TaskFuture<T> = TaskFuture(pool, fn, true, null)

        fun <T> blocking(pool: WorkerPool, fn: Callable<T>, source: Runnable? = null): TaskFuture<T> =
            TaskFuture(pool, fn, false, source)
    }
}
