package dev.coprocessing.engine

import dev.coprocessing.internal.Unraisable
import dev.coprocessing.SystemExit
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.VirtualThreads
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import java.util.concurrent.Callable
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.Job
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking

/**
 * Where an engine's workers run. The engine owns what a worker does (its loop: initializer, tasks, retiring);
 * a backend provides the three things that depend on where it lives: start a worker, give it work, and tell
 * the engine when it has died. Today workers live on threads of this JVM ([ThreadWorkers]); a worker JVM or a
 * cluster member is another backend behind the same three calls.
 */
internal interface WorkerBackend {
    /**
     * Starts [worker] and runs [loop] for it, as the worker (its process current); once the loop has returned
     * (or the worker died), calls [ended] exactly once, with the loop's exit code, where the worker lived.
     */
    fun start(worker: Worker, loop: suspend () -> Int, ended: (code: Int) -> Unit)

    /** Runs one unit of work on [worker]; called from the worker's loop. */
    suspend fun execute(worker: Worker, work: Work)

    /** Stops [worker] now: what it runs is interrupted, and its loop ends with the worker's signal. */
    fun stop(worker: Worker)

    /**
     * Readies [body] to run where the workers live, checking now, in the caller, that its function can get
     * there; [what] names it in the error. Throws `IllegalArgumentException` when it cannot. Nothing to do for
     * workers of this JVM.
     */
    fun prepare(body: Body<*, *>, what: String) = Unit

    /** [prepare] for a task's function (a `suspend () -> T` or a `Callable`): what [runCall] is later given. */
    fun prepareCall(fn: Any, what: String): Any = fn

    /** [Body.runOnce], where [worker] lives. Throws only the worker's own end (stopped, or its JVM lost). */
    suspend fun <A> runOnce(worker: Worker, body: Body<A, *>, arg: A): Any? = body.runOnce(arg)

    /** [Body.runChunk], where [worker] lives. Throws only the worker's own end (stopped, or its JVM lost). */
    suspend fun <A> runChunk(
        worker: Worker,
        body: Body<A, *>,
        items: List<A>,
        from: Int,
        to: Int,
        out: Array<Any?>,
        outOffset: Int,
        stop: () -> Boolean,
    ): Failure? = body.runChunk(items, from, to, out, outOffset, stop)

    /**
     * Runs a task's function, as [prepareCall] readied it, where [worker] lives: its value, or what it threw.
     * A [suspending] function is a `suspend () -> Any?`, otherwise a `Callable`.
     */
    @Suppress("UNCHECKED_CAST")
    suspend fun runCall(worker: Worker, fn: Any, suspending: Boolean): Any? =
        if (suspending) (fn as suspend () -> Any?)() else ThreadWorkers.underWorkerName { (fn as Callable<*>).call() }
}

/**
 * Thrown by a backend when the place a worker lived has gone (its JVM exited or was killed) without the engine
 * stopping it: [exitCode] is how it ended. The engine fails the worker's work as lost and replaces the worker
 * or breaks, as its owner says.
 */
internal class WorkerDied(val exitCode: Int, cause: Throwable? = null) : RuntimeException("the worker ended with exit code $exitCode", cause)

/**
 * One worker of an engine: a worker process (pools and process executors) or a thread of the creator (thread
 * executors), the number of tasks it has run, and how it was stopped.
 */
internal class Worker(val engine: WorkerEngine, val process: Process?, val index: Int) {
    /** The signal that stopped it (-15, -9), or 0 while it runs. */
    @Volatile var signal: Int = 0

    /** Tasks taken, counted when taken so that a caller sees the count once its result is ready. */
    @Volatile var tasks: Int = 0

    /** Whether it ended by an error of its own (a callback's `exit()`, the JVM failing), not by a stop. */
    @Volatile var died: Boolean = false

    /** Set by the backend when where it lived ended by itself (a worker JVM that exited): the exit code. */
    @Volatile var lostCode: Int? = null

    /** Whether it counts as idle already, its work publishing its outcome (only its own loop reads this). */
    internal var idleEarly: Boolean = false

    /** The work it runs is about to publish its outcome: see [WorkerEngine.settling]. */
    fun settling() = engine.settling(this)

    /** What it is running now, for the engine to settle if it is stopped. */
    @Volatile var current: Work? = null

    /** Its name as threads and reports show it: its process's name, or its thread's. */
    @Volatile var name: String = process?.name ?: "worker-$index"

    // The backend's handle on where the worker runs.
    @Volatile internal var thread: Thread? = null
    @Volatile internal var job: Job? = null
    internal var ending = false // guarded by this

    override fun toString(): String = name

    /** [WorkerBackend.runOnce] on this worker's backend. */
    suspend fun <A> runOnce(body: Body<A, *>, arg: A): Any? = engine.backend.runOnce(this, body, arg)

    /** [WorkerBackend.runChunk] on this worker's backend. */
    suspend fun <A> runChunk(body: Body<A, *>, items: List<A>, from: Int, to: Int, out: Array<Any?>, outOffset: Int, stop: () -> Boolean): Failure? =
        engine.backend.runChunk(this, body, items, from, to, out, outOffset, stop)

    /** [WorkerBackend.runCall] on this worker's backend. */
    suspend fun runCall(fn: Any, suspending: Boolean): Any? = engine.backend.runCall(this, fn, suspending)
}

/** Marks the coroutines of a worker, so that its engine can tell its own tasks from other callers. */
internal class WorkerMarker(val worker: Worker) : AbstractCoroutineContextElement(Key) {
    companion object Key : CoroutineContext.Key<WorkerMarker>
}

/**
 * Workers on threads of this JVM, one thread per worker, as CPython gives each worker a process (or thread) of
 * its own. The worker's loop runs in `runBlocking` on that thread: a Kotlin task runs there, a blocking Java
 * task blocks only that thread, and stopping the worker cancels the loop and interrupts the thread, which
 * stops a task blocked in `Thread.sleep` or a lock as well as a suspended one.
 */
internal class ThreadWorkers(
    private val creator: Process,
    /** The name of a worker's thread when it has no process (a worker process names its thread). */
    private val threadName: (Worker) -> String,
    private val virtual: Boolean,
    /**
     * Makes a worker's thread (unstarted) from its name and body, in place of [workerThread]; `ThreadPool` makes
     * its workers threads of the `thread` package this way, so that `enumerate()` lists them as CPython's does.
     */
    private val newThread: ((name: String, body: () -> Unit) -> Thread)? = null,
    /**
     * Runs on a worker's thread once its loop is over, before the engine hears of its end: a `ThreadPool`'s
     * worker leaves `enumerate()` here, so that the pool's `join()` returns only once its workers are gone.
     */
    private val leaving: (() -> Unit)? = null,
) : WorkerBackend {
    override fun start(worker: Worker, loop: suspend () -> Int, ended: (code: Int) -> Unit) {
        val runAs = worker.process ?: creator
        if (worker.process == null) worker.name = threadName(worker)
        val body: () -> Unit = {
            ProcessContext.enter(runAs)
            current.set(worker)
            var code = 1
            var fatal: Throwable? = null
            try {
                code = runBlocking(ProcessContext.elementOf(runAs) + WorkerMarker(worker)) {
                    worker.job = coroutineContext.job
                    loop()
                }
            } catch (e: SystemExit) {
                worker.died = true
                code = e.code // exit() from code the worker called back: the worker ends with its code, as a process does
            } catch (e: Throwable) {
                // Only a stop ends the loop by throwing (a cancelled runBlocking); anything else is reported.
                if (worker.signal == 0) {
                    worker.died = true
                    Unraisable.report("Exception in worker $worker (it ends)", e)
                }
                code = worker.signal.takeIf { it != 0 } ?: 1
                if (e is VirtualMachineError) fatal = e
            } finally {
                synchronized(worker) { worker.ending = true }
                Thread.interrupted() // a stop's interrupt belongs to the task it stopped, not to the ending
                try {
                    leaving?.invoke()
                    ended(code)
                } finally {
                    current.remove()
                    ProcessContext.enter(null)
                }
            }
            fatal?.let { throw it } // the JVM is failing: its error goes on to the thread's handler
        }
        val thread = newThread?.invoke(worker.name, body) ?: workerThread(worker.name, virtual, body)
        worker.thread = thread
        thread.start()
    }

    override suspend fun execute(worker: Worker, work: Work) {
        work.run(worker)
    }

    override fun stop(worker: Worker) {
        synchronized(worker) {
            if (worker.ending) return
            worker.job?.cancel()
            worker.thread?.interrupt()
        }
    }

    companion object {
        internal val current = ThreadLocal<Worker>()

        /** The worker whose thread this is, if it is one. */
        fun workerOfCurrentThread(): Worker? = current.get()

        /**
         * Runs blocking user code under its worker thread's own name. kotlinx's debug mode (on whenever
         * assertions are, as in most test runs) renames a thread while a coroutine runs on it
         * (`SpawnProcess-1 @coroutine#7`), and Java code that logs its thread's name should see the worker's.
         */
        inline fun <T> underWorkerName(block: () -> T): T {
            val worker = current.get() ?: return block()
            val thread = Thread.currentThread()
            val shown = thread.name
            if (shown == worker.name) return block()
            thread.name = worker.name
            try {
                return block()
            } finally {
                thread.name = shown
            }
        }
    }
}

/**
 * A worker thread the library owns, counted in `LiveResources` while [body] runs: a virtual thread when
 * [virtual] is asked for and the JVM has them (21+), otherwise a daemon platform thread.
 */
internal fun workerThread(name: String, virtual: Boolean, body: () -> Unit): Thread {
    if (!virtual || !VirtualThreads.available) return libraryThread(name) { body() }
    lateinit var thread: Thread
    thread = VirtualThreads.unstarted(name) {
        try {
            body()
        } finally {
            LiveResources.closed(thread)
        }
    }
    LiveResources.opened(thread) { "virtual thread '${thread.name}'" }
    return thread
}
