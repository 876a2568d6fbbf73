package dev.coprocessing.pool

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.CancelledError
import dev.coprocessing.Progress
import dev.coprocessing.WorkerLostError
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.EngineConfig
import dev.coprocessing.engine.EngineOwner
import dev.coprocessing.engine.Inputs
import dev.coprocessing.engine.ThreadWorkers
import dev.coprocessing.engine.Unretrieved
import dev.coprocessing.engine.Work
import dev.coprocessing.engine.WorkerBackend
import dev.coprocessing.engine.Worker
import dev.coprocessing.engine.WorkerEngine
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.Signals
import dev.coprocessing.process.blocking
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.runBlocking

/**
 * The machinery behind a [Pool], apart from its documented surface: the worker engine (with the pool's errors
 * and its rule that a lost worker is replaced), the result handler thread that runs callbacks in completion
 * order, and the accounting that lets `close()` wait for queued units, deliveries and `imap` leases.
 *
 * States, as CPython's pool: `RUN` → `CLOSE` (`close()`: queued work still runs) or `TERMINATE`
 * (`terminate()`, or an initializer failed: pending results fail at once). The pool has ended once its
 * workers and its result handler both have.
 *
 * ```kotlin
 * private val core = PoolCore(this, processes, initializer, maxtasksperchild)
 * val r = core.submitApply(Body.Suspending { 6 * 7 }, null, null, watched = true).result
 * ```
 */
internal class PoolCore(
    private val pool: Pool,
    private val processes: Int,
    initializer: Body<Unit, Unit>?,
    maxtasksperchild: Int?,
    /** A `ThreadPool`'s workers: threads of the owner process rather than worker processes; `null` for a `Pool`. */
    threads: PoolThreads? = null,
    /** Where worker processes run when not on threads of this JVM (the `"spawn"` start method's worker JVMs). */
    processBackend: ((creator: Process) -> WorkerBackend)? = null,
) {
    enum class State { RUN, CLOSE, TERMINATE }

    private val id = poolIds.incrementAndGet()
    private val owner: Process = ProcessContext.currentOrNull() ?: Process.outside
    private val lock = Any()
    private var state = State.RUN // guarded by lock
    private var pendingUnits = 0 // guarded by lock: units queued or running, deliveries, and leases
    private var broken: Throwable? = null // guarded by lock
    private val cache = HashSet<Pending>() // guarded by lock: what terminate() must fail

    private val deliveries = Channel<Delivery>(Channel.UNLIMITED)
    val failures = Unretrieved({ pool.toString() }, "AsyncResult", "call AsyncResult.get() or pass an errorCallback to handle it")
    private val finished = CompletableDeferred<Unit>()
    private val partsLeft = AtomicInteger(2) // the workers, and the result handler
    private val engine: WorkerEngine
    val handlerJob: CompletableJob = Job()
    private val handlerThread: Thread

    /**
     * The end of the process that made this pool, which left it running: the pool is terminated and waited
     * for, as CPython's exit handler and `with Pool(...)` do.
     */
    private val ending = object : OwnedResource {
        override suspend fun endWithOwner(failed: Boolean) {
            terminate()
            finished.await()
        }
    }

    init {
        LiveResources.opened(pool) { pool.toString() }
        owner.own(ending)
        engine = WorkerEngine(
            EngineConfig(
                maxWorkers = processes,
                startAll = true,
                initializer = initializer,
                maxTasksPerWorker = maxtasksperchild,
                creator = owner,
                workerName = if (threads != null) null else ({ "SpawnPoolWorker-${workerIds.incrementAndGet()}" }),
            ),
            {
                if (threads == null && processBackend != null) {
                    processBackend(owner)
                } else if (threads == null) {
                    ThreadWorkers(owner, { worker -> "Pool-$id-worker-${worker.index + 1}" }, virtual = false)
                } else {
                    ThreadWorkers(owner, { threads.name() }, virtual = false, newThread = threads.newThread, leaving = threads.leaving)
                }
            },
            engineOwner(),
        )
        handlerThread = libraryThread("Pool-$id-result-handler") { handleResults() }
        handlerThread.start()
    }

    fun close() {
        synchronized(lock) {
            if (state != State.RUN) return
            state = State.CLOSE
            if (pendingUnits != 0) return
        }
        engine.close()
    }

    fun terminate() {
        val aborted = synchronized(lock) {
            if (state == State.TERMINATE) return
            state = State.TERMINATE
            cache.toList().also { cache.clear() }
        }
        val error = CancelledError("the pool was terminated before the task finished")
        aborted.forEach { it.abort(error) }
        engine.stop(Signals.SIGTERM)
        handlerJob.cancel()
    }

    /** `join()` for a caller running in [context]: who calls is read from its coroutine context, never its thread. */
    suspend fun join(context: CoroutineContext) {
        checkJoinable(fromCallback = context[Job]?.isWithin(handlerJob) == true, caller = ProcessContext.of(context))
        finished.await()
    }

    /** A blocking caller is its thread: the result handler's thread blocked in `join()` would wait for itself. */
    fun checkBlockingJoin() {
        checkJoinable(fromCallback = Thread.currentThread() === handlerThread, caller = ProcessContext.currentOrNull())
    }


    private fun checkJoinable(fromCallback: Boolean, caller: Process?) {
        synchronized(lock) {
            check(state != State.RUN) { "Pool is still running: call close() or terminate() before join()" }
        }
        check(!fromCallback) {
            "join() cannot be called from a callback of the pool it waits for: the callback would wait for itself"
        }
        check(!engine.isWorker(caller)) {
            "join() cannot be called from a task of the pool it waits for (here: ${caller?.name}): it would wait for itself"
        }
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    private fun Job.isWithin(ancestor: Job): Boolean {
        var job: Job? = this
        while (job != null) {
            if (job === ancestor) return true
            job = job.parent
        }
        return false
    }

    /** The state as CPython's repr shows it. */
    fun stateName(): String = synchronized(lock) { state }.name

    /** The workers alive now, each with its count of tasks run. */
    fun liveWorkers(): List<Worker> = engine.liveWorkers()

    /** What the engine asks of the pool: its errors, and what breaking and ending mean here. */
    private fun engineOwner() = object : EngineOwner {
        override fun initializerFailed(cause: Throwable): Throwable =
            BrokenProcessPool("a worker's initializer failed, so the pool is not usable anymore: $cause", cause)

        override fun workerStopped(worker: Worker, signal: Int, fromOutside: Boolean): Throwable =
            if (fromOutside) {
                CancelledError(
                    "the task's worker $worker was ${if (signal == Signals.SIGKILL) "killed" else "terminated"} " +
                        "while it ran the task (exit code ${Signals.exitCodeName(signal)}); the pool replaced the worker",
                )
            } else {
                CancelledError("the pool was terminated before the task finished")
            }

        override fun workerLost(worker: Worker, exitCode: Int): Throwable = WorkerLostError(
            "Worker exited prematurely: exit code ${Signals.exitCodeName(exitCode)} ($worker); the pool replaced it",
            exitCode,
        )

        // CPython's Pool replaces a worker that died; here its task fails instead of waiting forever.
        override val breaksWhenWorkerLost: Boolean get() = false

        override fun broken(error: Throwable) = breakPool(error)

        override fun terminated() {
            deliveries.close()
            partEnded()
        }
    }

    /** A worker's initializer failed: the pool takes no more work, and what is pending fails. */
    private fun breakPool(error: Throwable) {
        val aborted = synchronized(lock) {
            if (broken != null || state == State.TERMINATE) return
            broken = error
            state = State.TERMINATE
            cache.toList().also { cache.clear() }
        }
        aborted.forEach { it.abort(error) }
    }

    /** The result handler: one thread of the pool's owner process, delivering results one at a time. */
    private fun handleResults() {
        try {
            runBlocking(handlerJob + ProcessContext.elementOf(owner) + CoroutineName("Pool-$id-result-handler")) {
                for (delivery in deliveries) delivery.deliver()
            }
        } catch (_: CancellationException) {
            // terminate(): the deliveries left belong to results it has already failed.
        } catch (e: Throwable) {
            // A callback raised what no guard swallows (exit(), the JVM failing): nothing would deliver the
            // results left, so the pool is terminated, and the error goes on to the thread's handler.
            terminate()
            throw e
        } finally {
            failures.reportAll()
            partEnded()
        }
    }

    private fun partEnded() {
        if (partsLeft.decrementAndGet() == 0) {
            owner.disown(ending)
            LiveResources.closed(pool)
            finished.complete(Unit)
        }
    }

    private fun checkAccepting(leased: Boolean) {
        broken?.let { throw BrokenProcessPool(it.message, it.cause) }
        when (state) {
            State.RUN -> Unit
            State.CLOSE -> check(leased) { "Pool not running: it was closed; submit tasks before close()" }
            State.TERMINATE -> throw IllegalStateException("Pool not running: it was terminated")
        }
    }

    /** Hands [work] to the engine, which refuses it once it has broken (an initializer failed) or stopped. */
    private fun submit(work: Work) {
        if (engine.submit(work)) return
        engine.brokenBy?.let { throw BrokenProcessPool(it.message, it.cause) }
        throw IllegalStateException("Pool not running: it was terminated")
    }

    /** Queues one unit; [pending] joins what `terminate()` fails. */
    internal fun enqueue(work: Work, pending: Pending?, leased: Boolean) {
        failures.poll()
        synchronized(lock) {
            checkAccepting(leased)
            if (pending != null) cache += pending
            pendingUnits++
            submit(work)
        }
    }

    private fun enqueueAll(works: List<Work>, pending: Pending) {
        failures.poll()
        synchronized(lock) {
            checkAccepting(leased = false)
            cache += pending
            pendingUnits += works.size
            for (work in works) submit(work)
        }
    }

    /** A unit (or a lease, or nothing when not [countsUnit]) has ended; [forget] leaves `terminate()`'s list. */
    internal fun unitDone(forget: Pending?, countsUnit: Boolean = true) {
        val drained = synchronized(lock) {
            if (forget != null) cache -= forget
            countsUnit && --pendingUnits == 0 && state == State.CLOSE
        }
        if (drained) engine.close()
    }

    /** Hands [delivery] to the result handler, which runs its callbacks in completion order. */
    internal fun deliver(delivery: Delivery) {
        deliveries.trySend(delivery)
    }

    /** Registers an imap cursor: with [lease], the pool waits for its consumer before it winds down. */
    internal fun register(cursor: Pending, lease: Boolean) {
        synchronized(lock) {
            checkAccepting(leased = false)
            cache += cursor
            if (lease) pendingUnits++
        }
    }

    internal fun release(cursor: Pending, lease: Boolean) {
        if (lease) unitDone(cursor) else synchronized(lock) { cache -= cursor }
    }

    fun <T> submitApply(
        task: Body<Unit, T>,
        callback: (suspend (T) -> Unit)?,
        errorCallback: (suspend (Throwable) -> Unit)?,
        watched: Boolean,
    ): ApplyWork<T> {
        engine.prepare(task, "the task given to apply()")
        val work = ApplyWork(this, task, AsyncResult(if (watched) failures else null), callback, errorCallback)
        enqueue(work, work, leased = false)
        return work
    }

    suspend fun <T> applyTask(task: Body<Unit, T>): T {
        val work = submitApply(task, null, null, watched = false)
        try {
            return work.result.get()
        } catch (e: CancellationException) {
            work.abort(CancelledError("the caller of apply() was cancelled", e))
            throw e
        }
    }

    fun <A, R> startMap(
        iterable: Iterable<A>,
        chunksize: Int?,
        task: Body<A, R>,
        callback: (suspend (List<R>) -> Unit)?,
        errorCallback: (suspend (Throwable) -> Unit)?,
        progress: Progress?,
        watched: Boolean,
    ): MapJob<A, R> {
        checkChunksize(chunksize)
        synchronized(lock) { checkAccepting(leased = false) }
        engine.prepare(task, "the function given to map()")
        val items = Inputs.indexed(iterable)
        val size = chunksize ?: Inputs.defaultChunksize(items.size, processes)
        val job = MapJob(this, items, task, size, AsyncResult(if (watched) failures else null), callback, errorCallback, progress)
        if (job.chunks.isEmpty()) {
            enqueue(EmptyMap(job), job, leased = false)
        } else {
            enqueueAll(job.chunks, job)
        }
        return job
    }

    suspend fun <A, R> mapTask(iterable: Iterable<A>, chunksize: Int?, progress: Progress?, task: Body<A, R>): List<R> {
        val job = startMap(iterable, chunksize, task, null, null, progress, watched = false)
        try {
            return job.result.get()
        } catch (e: CancellationException) {
            job.abort(CancelledError("the caller of map() was cancelled", e))
            throw e
        }
    }

    /** A map of nothing still passes through a worker and the result handler, so its callback runs as usual. */
    private inner class EmptyMap(private val job: MapJob<*, *>) : Work, Delivery {
        override suspend fun run(worker: Worker) {
            deliver(this)
        }

        override fun dropped(error: Throwable) {
            job.abort(error)
            unitDone(job)
        }

        override fun stopped(error: Throwable) = dropped(error)

        override suspend fun deliver() {
            try {
                job.completeEmpty()
            } finally {
                unitDone(job)
            }
        }
    }

    fun <A, R> lazyFlow(iterable: Iterable<A>, chunksize: Int, progress: Progress?, task: Body<A, R>, ordered: Boolean): Flow<R> {
        checkChunksize(chunksize)
        synchronized(lock) { checkAccepting(leased = false) }
        engine.prepare(task, "the function given to imap()")
        val collected = java.util.concurrent.atomic.AtomicBoolean()
        return flow {
            check(collected.compareAndSet(false, true)) {
                "this imap flow was already collected: it runs its tasks once; call imap() again to map again"
            }
            val cursor = ImapCursor(this@PoolCore, iterable.iterator(), Inputs.knownSize(iterable), chunksize, task, ordered, progress, processes * 4)
            cursor.start(lease = true)
            try {
                while (cursor.hasNext()) emit(cursor.next())
            } finally {
                cursor.finish()
            }
        }
    }

    fun <A, R> eagerIterator(
        iterable: Iterable<A>,
        chunksize: Int,
        progress: Progress?,
        task: Body<A, R>,
        ordered: Boolean,
    ): Iterator<R> {
        checkChunksize(chunksize)
        engine.prepare(task, "the function given to imap()")
        val cursor = ImapCursor(this, iterable.iterator(), Inputs.knownSize(iterable), chunksize, task, ordered, progress, Int.MAX_VALUE)
        cursor.start(lease = false)
        return object : Iterator<R> {
            override fun hasNext(): Boolean = cursor.readyHasNext() ?: blocking { cursor.hasNext() }

            override fun next(): R {
                if (!hasNext()) throw NoSuchElementException("no more results")
                return cursor.next()
            }
        }
    }

    private fun checkChunksize(chunksize: Int?) {
        require(chunksize == null || chunksize >= 1) { "Chunksize must be 1+, not $chunksize" }
    }

    private companion object {
        val poolIds = AtomicInteger()
        val workerIds = AtomicInteger()
    }
}

/**
 * How a `ThreadPool` makes its workers: threads of the process that made the pool (a task's `currentProcess()`
 * is that process), each named by [name] and made, unstarted, by [newThread]; [leaving] runs on a worker's thread
 * as it ends, before the pool hears of it.
 */
internal class PoolThreads(
    val name: () -> String,
    val newThread: (name: String, body: () -> Unit) -> Thread,
    val leaving: () -> Unit,
)
