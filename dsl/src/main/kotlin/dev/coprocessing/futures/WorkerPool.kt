package dev.coprocessing.futures

import dev.coprocessing.BrokenExecutor
import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.BrokenThreadPool
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.EngineConfig
import dev.coprocessing.engine.EngineOwner
import dev.coprocessing.engine.ThreadWorkers
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.engine.Work
import dev.coprocessing.engine.Worker
import dev.coprocessing.engine.WorkerBackend
import dev.coprocessing.engine.WorkerDied
import dev.coprocessing.engine.WorkerEngine
import dev.coprocessing.engine.outcomeOf
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.Signals
import java.util.concurrent.Callable
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.launch

/** What an executor's workers are: CPython's worker processes, or threads of the submitting process. */
internal enum class WorkerKind { PROCESS, THREAD }

/** A `Runnable` task as the `Callable` a task runs: serializable when [fn] is, so that it crosses to a worker JVM. */
internal class RunnableCall(private val fn: Runnable) : Callable<Nothing?>, java.io.Serializable {
    override fun call(): Nothing? {
        fn.run()
        return null
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** A Java initializer as the suspend lambda workers run (on their own thread, where it may block). */
internal fun suspending(initializer: Runnable): suspend () -> Unit = { initializer.run() }

/**
 * What both executors add to the worker engine: `Future`'s states, done callbacks in the creator's process,
 * the executor's shutdown states and CPython's errors. Workers start on demand, an idle one first: a
 * `ThreadPoolExecutor(100_000)` serving one task at a time keeps one thread.
 */
internal class WorkerPool(
    val owner: Executor,
    val maxWorkers: Int,
    private val kind: WorkerKind,
    private val threadNamePrefix: String,
    virtual: Boolean,
    initializer: (suspend () -> Unit)?,
    maxTasksPerChild: Int?,
    /** Where worker processes run when not on threads of this JVM (the `"spawn"` start method's worker JVMs). */
    processBackend: ((creator: Process) -> WorkerBackend)? = null,
) : OwnedResource, EngineOwner {
    init {
        require(maxWorkers > 0) { "max_workers must be greater than 0, got $maxWorkers" }
        require(maxTasksPerChild == null || maxTasksPerChild >= 1) {
            "max_tasks_per_child must be >= 1, got $maxTasksPerChild; use null for workers that live as long as the executor"
        }
    }

    /** The process that created the executor: its callbacks run there, and a thread pool's tasks too. */
    val creator: Process = ProcessContext.currentOrNull() ?: Process.outside
    private val terminationReported = AtomicBoolean()
    private val terminated = CompletableDeferred<Unit>()
    private val callbackJob = SupervisorJob()
    private val callbackScope = CoroutineScope(callbackJob + Dispatchers.Default + ProcessContext.elementOf(creator) + OwnCallback(this))

    /** Exceptions of finished tasks that nobody has retrieved yet. */
    val unretrieved = Unretrieved({ owner.toString() }, "future", "call result() or exception() to handle it")

    @Volatile var isShutdown: Boolean = false
        private set

    private val engine = WorkerEngine(
        EngineConfig(
            maxWorkers = maxWorkers,
            startAll = false,
            initializer = initializer?.let { init -> Body.Suspending<Unit, Unit> { init() } },
            maxTasksPerWorker = maxTasksPerChild,
            creator = creator,
            workerName = if (kind == WorkerKind.PROCESS) ({ "SpawnProcess-${workerNumbers.incrementAndGet()}" }) else null,
        ),
        { processBackend?.invoke(creator) ?: ThreadWorkers(creator, ::threadName, virtual) },
        this,
    )

    val isBroken: Boolean get() = engine.brokenBy != null
    val isTerminated: Boolean get() = terminated.isCompleted

    init {
        LiveResources.opened(owner) { owner.toString() }
        creator.own(this)
    }

    private fun threadName(worker: Worker): String = "${threadNamePrefix}_${worker.index}"

    // ---- submitting ---------------------------------------------------------------------------------

    fun <T> submit(task: TaskFuture<T>): Future<T> {
        unretrieved.poll()
        checkAccepting()
        task.prepare(engine)
        if (!engine.submit(task)) {
            checkAccepting()
            throw IllegalStateException(SHUTDOWN_MESSAGE)
        }
        return task
    }

    private fun checkAccepting() {
        engine.brokenBy?.let { throw copyOf(it) }
        check(!isShutdown) { SHUTDOWN_MESSAGE }
    }

    /** A fresh exception for each caller, of the same kind as the one that broke the pool. */
    private fun copyOf(broken: Throwable): BrokenExecutor = when (kind) {
        WorkerKind.PROCESS -> BrokenProcessPool(broken.message, broken.cause ?: broken)
        WorkerKind.THREAD -> BrokenThreadPool(broken.message, broken.cause ?: broken)
    }

    /** Runs a coroutine's [block] on a worker (for `asCoroutineDispatcher()`); throws when shut down. */
    fun dispatch(block: Runnable) {
        if (isShutdown || !engine.submit(DispatchedBlock(block))) {
            throw RejectedExecutionException("$owner has shut down")
        }
    }

    /** A coroutine's block: it runs in the worker's process, and is never lost: when no worker will run it, IO does. */
    private class DispatchedBlock(private val block: Runnable) : Work {
        override val countsAsTask: Boolean get() = false

        override suspend fun run(worker: Worker) = block.run()

        override fun dropped(error: Throwable) = Dispatchers.IO.dispatch(EmptyCoroutineContext, block)

        override fun stopped(error: Throwable) = Unit
    }

    /**
     * Runs a callback in the process that created this executor, as CPython runs done callbacks in the
     * parent process, whichever worker thread completes the future.
     */
    inline fun <R> inCreator(block: () -> R): R = ProcessContext.runAs(creator, block)

    // ---- what the engine asks -----------------------------------------------------------------------

    override fun initializerFailed(cause: Throwable): Throwable = when (kind) {
        WorkerKind.PROCESS -> BrokenProcessPool("A process initializer failed, the process pool is not usable anymore", cause)
        WorkerKind.THREAD -> BrokenThreadPool("A thread initializer failed, the thread pool is not usable anymore", cause)
    }

    override fun workerStopped(worker: Worker, signal: Int, fromOutside: Boolean): Throwable {
        val how = if (signal == Signals.SIGKILL) "killed" else "terminated"
        return when (kind) {
            WorkerKind.PROCESS -> BrokenProcessPool(
                "A process in the process pool was $how abruptly while the future was running or pending.",
            )
            WorkerKind.THREAD -> BrokenThreadPool(
                "A thread in the thread pool was $how (interrupted) while the future was running.",
            )
        }
    }

    override fun workerLost(worker: Worker, exitCode: Int): Throwable = BrokenProcessPool(
        "A process in the process pool was terminated abruptly while the future was running or pending " +
            "(exit code ${Signals.exitCodeName(exitCode)}).",
    )

    // CPython: a worker process that dies breaks the executor, whose futures then fail with BrokenProcessPool.
    override val breaksWhenWorkerLost: Boolean get() = true

    override fun broken(error: Throwable) {
        isShutdown = true
    }

    override fun terminated() = finishTermination()

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
        if (failed) stop(Signals.SIGTERM) else shutdown(cancelFutures = false)
        awaitTermination()
    }

    /** Stops accepting tasks; with [cancelFutures], cancels those not started. Never waits. */
    fun shutdown(cancelFutures: Boolean) {
        isShutdown = true
        if (cancelFutures) engine.drain().forEach { settleDrained(it) { task -> task.cancel() } }
        engine.close()
    }

    /**
     * Stops every worker now: tasks not started are cancelled, running ones are interrupted (a suspend task
     * is cancelled) and fail with a broken-pool error. Returns the Java `Runnable`s that never ran.
     */
    fun stop(signal: Int): List<Runnable> {
        isShutdown = true
        val neverRan = ArrayList<Runnable>()
        engine.stop(signal).forEach { work ->
            settleDrained(work) { task -> if (task.cancel()) task.source?.let(neverRan::add) }
        }
        return neverRan
    }

    /** Suspends until every worker has ended and every done callback has run (but the caller's own). */
    suspend fun awaitTermination() {
        terminated.await()
        val self = currentCoroutineContext()[Job]
        callbackJob.children.filter { it !== self }.toList().forEach { it.join() }
    }

    /** Whether the caller is one of this executor's tasks or callbacks, which cannot wait for it to end. */
    suspend fun calledFromOwnTask(): Boolean =
        engine.calledFromWorker() || currentCoroutineContext()[OwnCallback]?.pool === this

    fun calledFromOwnThread(): Boolean = engine.calledFromWorkerThread()

    /** A drained task is settled by [action]; a drained coroutine block is never lost: it runs elsewhere. */
    private inline fun settleDrained(work: Work, action: (TaskFuture<*>) -> Unit) {
        if (work is TaskFuture<*>) action(work) else work.dropped(IllegalStateException(SHUTDOWN_MESSAGE))
    }

    /** The pool has ended: report exceptions nobody retrieved, then let waiters go. */
    private fun finishTermination() {
        if (!terminationReported.compareAndSet(false, true)) return
        unretrieved.reportAll()
        LiveResources.closed(owner)
        creator.disown(this)
        terminated.complete(Unit)
    }

    fun describeState(): String = when {
        isTerminated -> "terminated"
        isBroken -> "broken"
        isShutdown -> "shutdown"
        else -> "running"
    }

    /** Marks the coroutines of this executor's done callbacks, so that `shutdown(wait = true)` in one does not wait for itself. */
    private class OwnCallback(val pool: WorkerPool) : AbstractCoroutineContextElement(Key) {
        companion object Key : CoroutineContext.Key<OwnCallback>
    }

    companion object {
        const val SHUTDOWN_MESSAGE: String =
            "cannot schedule new futures after shutdown: submit before shutdown() (or the end of use { }), or make a new executor"

        /** Worker processes are numbered across executors, as CPython numbers a parent's children. */
        private val workerNumbers = AtomicInteger()
    }
}

/**
 * A submitted task: its future, and the unit of work a worker runs. What it runs is a suspend lambda (Kotlin)
 * or a blocking `Callable` (Java), kept in one field to keep a task small.
 */
internal class TaskFuture<T> private constructor(
    override val pool: WorkerPool,
    body: Any,
    private val suspending: Boolean,
    /** The Java `Runnable` this task wraps, if any, handed back by `shutdownNow()` when it never ran. */
    val source: Runnable?,
) : FutureState<T>(), Work {
    // Published to the worker by the engine's queue; read and forgotten there, so that a finished future
    // does not keep what the task captured.
    private var body: Any? = body

    @Suppress("UNCHECKED_CAST")
    override suspend fun run(worker: Worker) {
        if (!setRunningOrNotifyCancel()) return
        val fn = body!!
        body = null
        var result: Any? = null
        var error: Throwable? = null
        try {
            result = worker.runCall(fn, suspending)
        } catch (e: WorkerDied) {
            throw e // where the worker lived has gone: the engine settles this task as lost
        } catch (e: Throwable) {
            error = e
        }
        currentCoroutineContext().ensureActive() // a stopped worker settles its task as stopped instead
        worker.settling()
        if (error == null) setResult(result as T) else setException(outcomeOf(error))
    }

    override fun dropped(error: Throwable) {
        body = null
        failIfNotDone(error)
    }

    /** Readies what it runs for where the workers live, checking in the submitter that it can get there. */
    fun prepare(engine: WorkerEngine) {
        body = engine.prepareCall(body!!, "the task submitted to ${pool.owner}")
    }

    override fun stopped(error: Throwable) {
        body = null
        failIfNotDone(error)
    }

    companion object {
        fun <T> suspending(pool: WorkerPool, fn: suspend () -> T): TaskFuture<T> = TaskFuture(pool, fn, true, null)

        fun <T> blocking(pool: WorkerPool, fn: Callable<T>, source: Runnable? = null): TaskFuture<T> =
            TaskFuture(pool, fn, false, source)
    }
}
