package dev.coprocessing.engine

import dev.coprocessing.internal.Unraisable
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.Signals
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive

/** How an engine's workers are made and how long they live. */
internal class EngineConfig(
    /** At most this many workers at once. */
    val maxWorkers: Int,
    /** `Pool`: every worker starts now and a retired one is replaced at once; executors start them on demand. */
    val startAll: Boolean,
    /** Runs once in each worker before its first task; a failure breaks the engine. */
    val initializer: Body<Unit, Unit>?,
    /** A worker retires after this many tasks and a new one takes its place; `null`: never. */
    val maxTasksPerWorker: Int?,
    /** The process that made the pool: workers are its children, or run as it when [workerName] is `null`. */
    val creator: Process,
    /** The name of each new worker process (`SpawnPoolWorker-1`); `null` when workers are threads of [creator]. */
    val workerName: (() -> String)?,
)

/**
 * The one engine under `Pool`, `ProcessPoolExecutor` and `ThreadPoolExecutor`: it owns the workers and their
 * lifecycle, and the queue of [Work] they take. The pool or executor in front of it ([EngineOwner]) owns
 * results, callbacks and the public states; a [WorkerBackend] owns where workers run.
 *
 * A worker's life: it starts (all at once for a `Pool`; on demand for an executor, which first hands work to
 * an idle worker and starts a new one only when none is idle, as CPython 3.11+ does), runs the initializer,
 * then takes work from the queue one unit at a time. It ends when the queue is closed and empty (exit code 0),
 * after `maxTasksPerWorker` units (0, and a new worker takes its place), when its initializer fails (1, and
 * the engine breaks), or when it is stopped (the signal: -15 or -9). A worker stopped from outside (its
 * process's `terminate()`) fails the work it was running and, per [EngineOwner.breaksWhenWorkerLost], breaks
 * the engine or is replaced.
 *
 * ```kotlin
 * val engine = WorkerEngine(config, ThreadWorkers(creator, { "worker-${it.index}" }, virtual = false), owner)
 * engine.submit(work)
 * engine.close()           // the queued work still runs; then the workers end
 * engine.stop(SIGTERM)     // or: stop everything now
 * ```
 */
internal class WorkerEngine(
    private val config: EngineConfig,
    backendOf: (WorkerEngine) -> WorkerBackend,
    private val owner: EngineOwner,
) {
    /** Where the workers run. */
    val backend: WorkerBackend = backendOf(this)
    // A blocking queue, taken from by each worker's own thread: an offer wakes a worker only when the queue was
    // empty, and a worker that takes one of several units wakes the next, so a burst of submissions costs a
    // few wake-ups, not one per unit. It ends with END, which every worker passes on to the next.
    private val queue = LinkedBlockingQueue<Work>()
    private val lock = Any()
    private val idle = AtomicInteger() // workers waiting for work
    private val workers: MutableSet<Worker> = ConcurrentHashMap.newKeySet()
    @Volatile private var live = 0 // written under lock: workers started and not ended
    private var started = 0 // guarded by lock
    @Volatile private var closed = false // written under lock
    private var ended = false // guarded by lock

    /** The signal of [stop] (-15, -9), or 0 while the engine was not stopped. */
    @Volatile var stopSignal: Int = 0
        private set

    /** Why the engine broke, or `null` while it works. */
    @Volatile var brokenBy: Throwable? = null
        private set

    init {
        config.initializer?.let { backend.prepare(it, "the initializer") }
        if (config.startAll) repeat(config.maxWorkers) { startWorker() }
    }

    /** Checks, in the caller, that [body] can run where the workers live, and readies it to: see [WorkerBackend.prepare]. */
    fun prepare(body: Body<*, *>, what: String) = backend.prepare(body, what)

    /** [WorkerBackend.prepareCall]. */
    fun prepareCall(fn: Any, what: String): Any = backend.prepareCall(fn, what)

    /**
     * A worker could not be started where the backend runs workers (a worker JVM that exited at once): the
     * engine breaks with [error], as when an initializer fails, rather than start one worker after another.
     */
    fun startFailed(error: Throwable) {
        breakWith(owner.initializerFailed(error))
    }

    /** The workers alive now. */
    fun liveWorkers(): List<Worker> = workers.toList()

    /** Whether [process] is one of this engine's workers. */
    fun isWorker(process: Process?): Boolean = process != null && workers.any { it.process === process }

    /** Whether the caller runs on one of this engine's workers (a task, or code it calls back on that thread). */
    suspend fun calledFromWorker(): Boolean =
        currentCoroutineContext()[WorkerMarker]?.worker?.engine === this || calledFromWorkerThread()

    /** Whether the calling thread is one of this engine's workers. */
    fun calledFromWorkerThread(): Boolean = ThreadWorkers.workerOfCurrentThread()?.engine === this

    /**
     * Queues [work] for a worker. Returns `false`, without queueing it, once the engine is closed, stopped or
     * broken; the owner says why to its caller.
     */
    fun submit(work: Work): Boolean {
        if (closed) return false
        queue.offer(work)
        // Closed meanwhile: the unit is withdrawn, unless a worker has taken it already (then it runs).
        if (closed && queue.remove(work)) return false
        // An idle worker takes it; a new one starts only when the queue holds more than the idle workers can take.
        if (queue.size > idle.get()) startWorker()
        return true
    }

    /** No more work: the queued units still run, then the workers end and the engine terminates. */
    fun close() {
        synchronized(lock) {
            if (closed) return
            closed = true
            queue.offer(END)
        }
        afterChange()
    }

    /** Takes every unit no worker has taken yet out of the queue, so that the owner can settle them. */
    fun drain(): List<Work> {
        val drained = ArrayList<Work>()
        queue.drainTo(drained)
        if (drained.remove(END)) queue.offer(END)
        return drained
    }

    /**
     * Stops every worker now with [signal], as `terminate()` (-15) or `kill()` (-9): the engine closes, running
     * work is stopped ([Work.stopped]), and the units no worker took are returned, for the owner to settle.
     */
    fun stop(signal: Int): List<Work> {
        synchronized(lock) {
            if (stopSignal != 0) return emptyList()
            stopSignal = signal
            if (!closed) queue.offer(END)
            closed = true
        }
        val drained = drain()
        workers.forEach { stopWorker(it, signal) }
        afterChange()
        return drained
    }

    /** Stops one worker with [signal] (its process's `terminate()` or `kill()`, or a stop of the engine). */
    private fun stopWorker(worker: Worker, signal: Int) {
        synchronized(worker) {
            if (worker.signal != 0) return
            worker.signal = signal
        }
        backend.stop(worker)
    }

    /** Breaks the engine with [error]: queued work is dropped, workers stop, later submissions fail. */
    private fun breakWith(error: Throwable) {
        synchronized(lock) {
            if (brokenBy != null || stopSignal != 0) return
            brokenBy = error
            if (!closed) queue.offer(END)
            closed = true
        }
        drain().forEach { it.dropped(error) }
        owner.broken(error)
        workers.forEach { stopWorker(it, Signals.SIGTERM) }
        afterChange()
    }

    /** The units queued and not yet taken (the queue's end, once closed, is not one). */
    private fun queued(): Int = queue.size - (if (closed && queue.contains(END)) 1 else 0)

    /** Starts a worker if the engine may have one more. */
    private fun startWorker() {
        if (live >= config.maxWorkers) return // the common case of a busy pool, without the lock
        val worker = synchronized(lock) {
            if (ended || live >= config.maxWorkers || stopSignal != 0 || brokenBy != null) return
            if (closed && queued() <= 0) return
            live++
            val index = started++
            val process = config.workerName?.let { name ->
                ProcessContext.runAs(config.creator) { Process.newWorker(name()) { signal -> onWorkerSignal(index, signal) } }
            }
            Worker(this, process, index)
        }
        workers += worker
        backend.start(worker, { serve(worker) }) { code -> workerEnded(worker, code) }
    }

    /** `terminate()`/`kill()` called on a worker process. */
    private fun onWorkerSignal(index: Int, signal: Int) {
        workers.firstOrNull { it.index == index }?.let { stopWorker(it, signal) }
    }

    /** The worker's loop; returns its exit code. */
    private suspend fun serve(worker: Worker): Int {
        var waiting = false
        try {
            config.initializer?.let { init ->
                val failure = worker.runOnce(init, Unit) as? Failure
                currentCoroutineContext().ensureActive()
                if (failure != null) {
                    Unraisable.report("Exception in initializer of $worker (the pool is not usable anymore)", failure.error)
                    breakWith(owner.initializerFailed(failure.error))
                    return 1
                }
            }
            while (true) {
                if (!worker.idleEarly) idle.incrementAndGet()
                worker.idleEarly = false
                waiting = true
                val work = queue.take() // a stop interrupts it
                waiting = false
                idle.decrementAndGet()
                if (work === END) {
                    queue.offer(END) // for the next worker
                    return 0
                }
                worker.current = work
                worker.tasks += if (work.countsAsTask) 1 else 0
                backend.execute(worker, work)
                worker.current = null
                currentCoroutineContext().ensureActive()
                if (work.countsAsTask && worker.tasks == config.maxTasksPerWorker) return RETIRED
            }
        } catch (e: Throwable) {
            val signal = worker.signal
            val lost = worker.lostCode ?: (e as? WorkerDied)?.exitCode
            if (signal == 0 && lost != null) {
                // Where the worker lived has gone by itself (its JVM died): its work fails as lost.
                worker.lostCode = lost
                worker.died = true
                worker.current?.let { work ->
                    worker.current = null
                    work.stopped(owner.workerLost(worker, lost))
                }
                return lost
            }
            if (signal == 0) {
                // The worker dies of what it ran (exit(), the JVM failing): its work fails with that, and the
                // worker's end is handled as a lost worker's.
                worker.current?.let { work ->
                    worker.current = null
                    work.stopped(e)
                }
                throw e
            }
            worker.current?.let { work ->
                worker.current = null
                work.stopped(owner.workerStopped(worker, signal, fromOutside = stopSignal == 0 && brokenBy == null))
            }
            return signal
        } finally {
            if (waiting || worker.idleEarly) idle.decrementAndGet()
        }
    }

    /**
     * [worker]'s work is about to publish its outcome: the worker counts as idle from now on, so that a caller
     * who submits again as soon as it sees the outcome finds it idle rather than starting another worker.
     */
    fun settling(worker: Worker) {
        if (worker.idleEarly || worker.tasks == config.maxTasksPerWorker) return
        worker.idleEarly = true
        idle.incrementAndGet()
    }

    /** Where the worker lived, once its loop has returned with [code]. */
    private fun workerEnded(worker: Worker, code: Int) {
        val exitCode = if (code == RETIRED) 0 else code
        try {
            worker.process?.endWorkerBlocking(exitCode)
        } finally {
            workers -= worker
            synchronized(lock) { live-- }
            val lostFromOutside = (worker.signal != 0 || worker.died) && stopSignal == 0 && brokenBy == null
            when {
                lostFromOutside && owner.breaksWhenWorkerLost -> breakWith(
                    worker.lostCode?.takeIf { worker.signal == 0 }?.let { owner.workerLost(worker, it) }
                        ?: owner.workerStopped(worker, worker.signal, fromOutside = true),
                )
                lostFromOutside || code == RETIRED -> if (config.startAll || queued() > idle.get()) startWorker()
            }
            afterChange()
        }
    }

    /** After a change of state: a closed engine with no worker left terminates, or starts one for leftover work. */
    private fun afterChange() {
        val terminate = synchronized(lock) {
            if (ended || !closed || live > 0) return
            if (queued() > 0 && stopSignal == 0 && brokenBy == null) null else true.also { ended = true }
        }
        if (terminate == null) startWorker() else owner.terminated()
    }

    private companion object {
        /** The loop's code for a worker that retired after its tasks: it exits with 0 and is replaced. */
        const val RETIRED = Int.MIN_VALUE

        /** The end of the queue: no unit comes after it. */
        val END: Work = object : Work {
            override suspend fun run(worker: Worker) = Unit
            override fun dropped(error: Throwable) = Unit
            override fun stopped(error: Throwable) = Unit
            override fun toString(): String = "END"
        }
    }
}
