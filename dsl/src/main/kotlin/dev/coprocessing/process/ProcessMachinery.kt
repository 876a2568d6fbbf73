package dev.coprocessing.process

import dev.coprocessing.SystemExit
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.internal.withOptionalTimeout
import dev.coprocessing.process.Signals.SIGTERM
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.Continuation
import kotlin.coroutines.cancellation.CancellationException
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CompletableJob
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * What makes a [Process] run and end: its [State] (the table in `Process`'s KDoc), its children, what it owns,
 * and the one routine ([end]) by which every kind of process ends.
 *
 * [state] changes only in [moveTo], under this object's monitor, together with [code]; every public member of
 * `Process` is a read of it. A sleeping process costs this object, its `Process` and its coroutine: what only
 * some processes need (children, owned resources, a worker's stop hook) sits in a [Household] made on first use.
 */
internal class ProcessMachinery(
    private val process: Process,
    val kind: Kind,
    /** The process that created this one; `null` for a main process. */
    val parent: Process?,
) {
    /** Which of the three ways into existence a process took; it decides how it starts and ends. */
    internal enum class Kind {
        /** The body of a `multiprocessing { }` block, or [Process.outside]: running from the start, never started. */
        MAIN,

        /** Made by a constructor and run by [Process.start] as a coroutine (and, for a blocking target, a thread). */
        CHILD,

        /** Made by [Process.newWorker] for a pool or an executor, which runs it and ends it with [endWorker]. */
        WORKER,
    }

    /** The rows of the state table in `Process`'s KDoc. */
    internal enum class State { INITIAL, STARTED, STOPPING, ENDED, CLOSED }

    private val index: Int = parent?.machinery?.nextChildIndex() ?: 0

    @Volatile var state: State = if (kind == Kind.CHILD) State.INITIAL else State.STARTED
        private set

    /** While [State.STOPPING], the signal that stops it; once [State.ENDED], the exit code. Written before [state]. */
    private var code: Int = 0

    @Volatile private var pid: Long = when (kind) {
        Kind.MAIN -> jvmPid
        Kind.CHILD -> 0L
        Kind.WORKER -> pids.incrementAndGet()
    }

    /** A child's coroutine once started; for a main process or a worker, a job completed when it ends. */
    @Volatile private var job: Job? = if (kind == Kind.CHILD) null else Job()

    @Volatile var exception: Throwable? = null
        private set

    @Volatile private var household: Household? = null

    /** For a process of another JVM (the `"spawn"` start method): that OS process. Set once, by [start]. */
    @Volatile private var spawned: SpawnedProcess? = null

    /**
     * What only some processes need, made the first time one is needed: a leaf process that owns nothing never
     * has one. Guarded by the machinery's monitor, except [childScope], which is read without it.
     */
    private class Household {
        var childCount = 0
        var children: ArrayList<Process>? = null
        var compactAt = MIN_COMPACTION
        /** The executors and pools this process made and has not seen end: they end with it. */
        var owned: LinkedHashSet<OwnedResource>? = null
        /** Where this process's children run: a supervisor under its own coroutine, made when the first starts. */
        @Volatile var childScope: CoroutineScope? = null
        /** For a worker: how `terminate()`/`kill()` reach the engine that runs it. */
        var onStop: ((signal: Int) -> Unit)? = null
    }

    private fun household(): Household = synchronized(this) { household ?: Household().also { household = it } }

    // ---- state ----------------------------------------------------------------------------------------

    /** The one place [state] changes; [newCode] goes with it. Call under this object's monitor. */
    private fun moveTo(next: State, newCode: Int = code) {
        code = newCode
        state = next
    }

    val isAlive: Boolean get() = checkOpen().state.let { it == State.STARTED || it == State.STOPPING }

    val exitCode: Int? get() = if (checkOpen().state == State.ENDED) code else null

    val pidOrNull: Long? get() = checkOpen().pid.takeIf { it != 0L }

    val ppid: Long? get() = if (parent == null) jvmParentPid else parent.machinery.pid.takeIf { it != 0L }

    private val hasEnded: Boolean get() = state.let { it == State.ENDED || it == State.CLOSED }

    fun checkOpen(): ProcessMachinery {
        check(state != State.CLOSED) { "process object is closed" }
        return this
    }

    fun checkNotStarted() {
        check(state == State.INITIAL) { "process has already started: set daemon before calling start()" }
    }

    // ---- start, join, stop, close -------------------------------------------------------------------

    /** [Process.start]; [hasTarget]: the constructor was given a target. */
    fun start(hasTarget: Boolean) {
        checkOpen()
        checkStartable()
        val here = ProcessContext.currentOrNull() ?: Process.outside
        check(parent === here) {
            "can only start a process object created by current process: ${parent!!.name} created '${process.name}', " +
                "but ${here.name} is starting it; create it in the process that starts it"
        }
        checkRunnable(hasTarget)
        val scope = checkNotNull(here.machinery.childScope()) {
            "processes can only be started inside multiprocessing { } (Java: Coprocessing.runMultiprocessing(...)), " +
                "the main process, which joins its children when it ends"
        }
        val spawner = if (process.spawnerChosen) process.spawner else StartMethodDefault.spawner
        // In the caller, before the process counts as started: what cannot cross fails here, and nothing runs.
        val launched = spawner?.launch(process, process.spawnTarget())
        synchronized(this) {
            if (state != State.INITIAL) launched?.signal(Signals.SIGKILL) // a racing start() won: this copy goes
            checkOpen()
            checkStartable()
            spawned = launched
            pid = launched?.pid ?: pids.incrementAndGet()
            moveTo(State.STARTED)
            LiveResources.opened(process)
            // ATOMIC: the coroutine runs even if terminated at once, so that it always settles its exit code.
            job = scope.launch(ProcessContext.elementOf(process), CoroutineStart.ATOMIC) { bootstrap() }
        }
        here.machinery.adopt(process)
    }

    private fun checkStartable() = check(state == State.INITIAL) {
        if (kind == Kind.MAIN) "cannot start a process twice: the main process is always running" else "cannot start a process twice"
    }

    /** A subclass must say what it does: a target, or an override of one of the two runs. */
    private fun checkRunnable(hasTarget: Boolean) {
        val type = process.javaClass
        if (type === Process::class.java) return
        val overrides = overridesOf.get(type)
        check(!overrides.misnamedBlockingRun) {
            "${type.name} overrides runBlocking() from Kotlin, which is never called (its JVM name is run()): " +
                "override suspend fun run() instead"
        }
        check(hasTarget || overrides.suspendRun || overrides.blockingRun) {
            "${type.name} overrides neither run(): override suspend fun run() (Kotlin) or " +
                "public void run() (Java), or pass a target to the constructor"
        }
    }

    suspend fun join(timeout: Duration?) {
        checkOpen()
        checkTimeout(timeout)
        check(state != State.INITIAL) { "can only join a started process: call start() first" }
        val here = ProcessContext.of(currentCoroutineContext())
        if (here != null) {
            check(!here.machinery.isSelfOrDescendantOf(process)) {
                "can only join a child process: ${here.name} cannot join " +
                    (if (here === process) "itself" else "its ancestor ${process.name}") + ", that would wait forever"
            }
        }
        waitingOn(WaitKind.JOIN, process, timeout) { withOptionalTimeout(timeout) { startedJob().join() } }
    }

    /** The job of a started process: start() stores it under the monitor, so a reader that came too early waits there. */
    private fun startedJob(): Job = job ?: synchronized(this) { job!! }

    private fun isSelfOrDescendantOf(other: Process): Boolean {
        var p: Process? = process
        while (p != null) {
            if (p === other) return true
            p = p.machinery.parent
        }
        return false
    }

    /** [Process.terminate] and [Process.kill]. */
    fun stop(signal: Int) {
        checkOpen()
        check(kind != Kind.MAIN) { "the main process cannot be terminated: return or throw from its block instead" }
        check(state != State.INITIAL) { "can only terminate a started process: call start() first" }
        deliver(signal)
    }

    /** Stops a started process without the checks a caller's mistake needs: its parent is reaping it. */
    private fun deliver(signal: Int) {
        if (!markStopping(signal)) return
        // A process of another JVM is stopped by the signal itself, and ends with the exit code it causes there.
        spawned?.let { return it.signal(signal) }
        // A worker is run by the engine that made it, which ends it with the signal's exit code.
        synchronized(this) { household?.onStop }?.let { return it(signal) }
        job?.cancel()   // kotlinx's own cancellation exception: no stack trace is filled per process
    }

    /**
     * Records why this process and its descendants are being stopped, before their coroutines see it; the
     * first signal is the one they end with. Returns `false` when this process has already ended.
     */
    private fun markStopping(signal: Int): Boolean {
        synchronized(this) {
            when (state) {
                State.STARTED -> moveTo(State.STOPPING, signal)
                State.STOPPING -> Unit
                else -> return false
            }
        }
        activeChildren().forEach { it.machinery.markStopping(signal) }
        return true
    }

    fun close() = synchronized(this) {
        when (state) {
            State.CLOSED -> Unit
            // The creator forgets it at its next clean-up, as it does every ended child.
            State.INITIAL, State.ENDED -> moveTo(State.CLOSED)
            State.STARTED, State.STOPPING -> throw IllegalStateException(
                "Cannot close a process while it is still running. You should first call join() or terminate().",
            )
        }
    }

    // ---- names and description --------------------------------------------------------------------

    fun defaultName(): String = when (kind) {
        Kind.MAIN -> "MainProcess"
        else -> {
            val type = process.javaClass
            val prefix = type.simpleName.takeIf { it.isNotEmpty() && type != Process::class.java } ?: "Process"
            "$prefix-${identity()}"
        }
    }

    /** CPython's `_identity`: this process's index among its creator's children, after its creator's own. */
    private fun identity(): String = when (parent) {
        null -> ""
        else -> if (parent.machinery.kind == Kind.MAIN) "$index" else "${parent.machinery.identity()}:$index"
    }

    private fun nextChildIndex(): Int = synchronized(this) { ++household().childCount }

    /** CPython's repr: `<Process name='Process-1' pid=1234 parent=1233 stopped exitcode=1>`. */
    fun describe(): String {
        val now = state
        val status = when (now) {
            State.INITIAL -> "initial"
            State.STARTED, State.STOPPING -> "started"
            State.ENDED -> "stopped"
            State.CLOSED -> "closed"
        }
        val isMain = kind == Kind.MAIN
        val type = if (isMain) "_MainProcess" else process.javaClass.simpleName.ifEmpty { "Process" }
        return buildString {
            append('<').append(type).append(" name='").append(process.name).append('\'')
            if (!isMain && pid != 0L) append(" pid=").append(pid)
            append(" parent=").append(if (isMain) "None" else parent?.machinery?.pid)
            append(' ').append(status)
            if (now == State.ENDED) append(" exitcode=").append(Signals.exitCodeName(code))
            if (process.daemon) append(" daemon")
            append('>')
        }
    }

    // ---- children --------------------------------------------------------------------------------------

    /**
     * Where this process's children run, made when the first one starts: a supervisor under this process's own
     * job, in the context it was launched in. `null` where no child may start: outside every block, in a worker.
     */
    private fun childScope(): CoroutineScope? {
        household?.childScope?.let { return it }
        if (kind != Kind.CHILD) return null
        val own = job ?: return null
        val launchedIn = parent!!.machinery.household?.childScope ?: return null
        return synchronized(this) {
            val home = household()
            home.childScope ?: CoroutineScope(launchedIn.coroutineContext + ProcessContext.elementOf(process) + SupervisorJob(own))
                .also { home.childScope = it }
        }
    }

    /**
     * Remembers a started child. Ended children are dropped whenever the list has doubled since the last
     * clean-up (CPython cleans up at every `start()`), so a long-lived process that starts millions of short
     * ones keeps only the live ones, at amortised constant cost.
     */
    private fun adopt(child: Process) = synchronized(this) {
        val home = household()
        val list = home.children ?: ArrayList<Process>(4).also { home.children = it }
        if (list.size >= home.compactAt) compact(home, list)
        list += child
    }

    private fun compact(home: Household, list: ArrayList<Process>) {
        list.removeAll { it.machinery.hasEnded }
        home.compactAt = maxOf(MIN_COMPACTION, list.size * 2)
    }

    /** Live children, forgetting those that have ended, as CPython's `active_children()` does. */
    fun activeChildren(): List<Process> = synchronized(this) {
        val home = household ?: return emptyList()
        val list = home.children ?: return emptyList()
        compact(home, list)
        list.toList()
    }

    /**
     * Daemon children are terminated (all children, when [terminateAll]), then every child is waited for,
     * including any started meanwhile.
     */
    private suspend fun reapChildren(terminateAll: Boolean) {
        while (true) {
            val live = activeChildren()
            if (live.isEmpty()) return
            for (child in live) if (terminateAll || child.daemon) child.machinery.deliver(SIGTERM)
            for (child in live) waitingOn(WaitKind.JOIN, child, null) { child.machinery.startedJob().join() }
        }
    }

    // ---- what a process owns -----------------------------------------------------------------------

    /**
     * Records [resource], made by code running as this process, to be ended when this process's body ends
     * if it has not ended by then. Code outside every `multiprocessing { }` block owns what it makes itself.
     */
    fun own(resource: OwnedResource) {
        if (process === Process.outside) return
        synchronized(this) {
            val home = household()
            (home.owned ?: LinkedHashSet<OwnedResource>(2).also { home.owned = it }).add(resource)
        }
    }

    /** Forgets [resource], which has ended by itself. */
    fun disown(resource: OwnedResource) {
        synchronized(this) { household?.owned?.remove(resource) }
    }

    /** Ends what this process made and left open, the newest first, as nested `use { }` blocks would. */
    private suspend fun endOwned(failed: Boolean) {
        while (true) {
            val newest = synchronized(this) { household?.owned?.run { lastOrNull()?.also { remove(it) } } } ?: return
            newest.endWithOwner(failed)
        }
    }

    // ---- running and ending ------------------------------------------------------------------------------

    /** A child's coroutine: runs the body, then ends the process with what the body came to. */
    private suspend fun bootstrap() {
        val context = currentCoroutineContext()
        job = context.job   // children started at once need it, and launch() may not have returned yet
        var failed = false
        var bodyCode = 0
        try {
            val other = spawned
            if (other != null) {
                bodyCode = other.await() // terminated before it ran: the other JVM is stopped, and waited for
            } else {
                context.ensureActive()   // terminated before it ever ran: the target does not run at all
                process.run()
            }
        } catch (e: SystemExit) {
            bodyCode = e.code
        } catch (e: Throwable) {
            failed = true
            // A cancellation caused by terminate() ends the process; any other exception is the target's failure.
            if (!(e is CancellationException && !context.isActive)) {
                exception = e
                report(e)
                bodyCode = 1
            }
        }
        end(failed, bodyCode)
    }

    /** CPython prints a failed process's traceback under `Process <name>:`; here it goes through the hook. */
    private fun report(e: Throwable) {
        Unraisable.report("Process ${process.name}:", e)
    }

    /**
     * Runs [block] as the body of this main process: on return, daemon children are terminated and the
     * others joined; if it throws (or is cancelled), every child is terminated and joined, then it rethrows.
     */
    suspend fun <T> runAsMain(block: suspend CoroutineScope.() -> T): T = coroutineScope {
        val element = ProcessContext.elementOf(process)
        household().childScope = CoroutineScope(coroutineContext + SupervisorJob(coroutineContext.job) + element)
        withContext(element) {
            var failed = true
            var bodyCode = 1
            try {
                block().also { failed = false; bodyCode = 0 }
            } catch (e: SystemExit) {
                failed = false
                bodyCode = e.code
                throw e
            } finally {
                end(failed, bodyCode)
            }
        }
    }

    /** [Process.useOsPid]. */
    fun useOsPid(osPid: Long) {
        pid = osPid
    }

    /** [Process.endWorker]. */
    suspend fun endWorker(code: Int) = end(failed = code != 0, code)

    /** [Process.endWorkerBlocking]. */
    fun endWorkerBlocking(code: Int) {
        // An interrupted thread would cancel runBlocking before the routine ran, and the worker would never end.
        var interrupted = Thread.interrupted()
        try {
            runBlocking { endWorker(code) }
        } catch (e: InterruptedException) {
            interrupted = true   // the routine has still run to its end: the interrupt is for the caller's next wait
        } finally {
            if (interrupted) Thread.currentThread().interrupt()
        }
    }

    /**
     * How every process ends, whatever its kind; CPython's exit handlers in their order. First what it made and
     * left open ends, newest first; then its children are reaped: daemons terminated, the others waited for
     * (all terminated when [failed]: the body threw or the process was stopped). A worker has no children of
     * its own to reap: the pools its tasks made, which end here, end theirs. Once nothing it started still runs,
     * the exit code is recorded, only then is the job completed: whoever joins the process reads its code.
     *
     * The exit code is [bodyCode], unless this main or child process was cancelled by then (terminated, or its
     * caller cancelled): then it is the signal that stopped it. Waiting for children can be cancelled; what is
     * left is then ended and stopped without waiting for it to finish its work.
     */
    private suspend fun end(failed: Boolean, bodyCode: Int) {
        try {
            if (failed) {
                withContext(NonCancellable) { runExitHandlers(failed = true) }
            } else {
                runExitHandlers(failed = false)
            }
        } finally {
            try {
                val home = synchronized(this) { household }
                if (home != null) {
                    withContext(NonCancellable) {
                        endOwned(failed = true)   // left by a cancellation
                        (home.childScope?.coroutineContext?.job as CompletableJob?)?.let { supervisor ->
                            supervisor.complete()
                            supervisor.join()
                        }
                    }
                }
            } finally {
                // Even when a resource failed to end: a process that never records its end is joined forever.
                settle(bodyCode, stopped = kind != Kind.WORKER && !currentCoroutineContext().isActive)
            }
        }
    }

    private suspend fun runExitHandlers(failed: Boolean) {
        endOwned(failed)
        if (kind != Kind.WORKER) reapChildren(terminateAll = failed)
    }

    /**
     * Records the exit code, the first time only (a worker ended twice keeps its first), and lets joiners go.
     * A child's job is its coroutine, which completes as soon as [bootstrap] returns.
     */
    private fun settle(bodyCode: Int, stopped: Boolean) {
        synchronized(this) {
            if (hasEnded) return
            val exit = when {
                !stopped -> bodyCode
                state == State.STOPPING -> code
                else -> SIGTERM   // cancelled by its parent's end, not by a terminate() of its own
            }
            moveTo(State.ENDED, exit)
        }
        LiveResources.closed(process)
        if (kind != Kind.CHILD) (job as CompletableJob).complete()
    }

    /**
     * Runs a blocking target on a thread of its own, named after the process. Cancellation interrupts the
     * thread, and the process stays alive until the thread has returned: no thread outlives its process.
     */
    suspend fun runOnOwnThread(body: () -> Unit) {
        val done = CompletableDeferred<Unit>()
        val thread = libraryThread(process.name) {
            try {
                ProcessContext.runAs(process) { body() }
                done.complete(Unit)
            } catch (t: Throwable) {
                done.completeExceptionally(t)
            }
        }
        thread.start()
        try {
            done.await()
        } catch (e: CancellationException) {
            thread.interrupt()
            withContext(NonCancellable) { done.join() }
            throw e
        }
    }

    internal companion object {
        private const val MIN_COMPACTION = 8

        private val jvmPid: Long = ProcessHandle.current().pid()
        private val jvmParentPid: Long? = ProcessHandle.current().parent().map { it.pid() }.orElse(null)
        private val pids = AtomicLong(jvmPid)

        /** [Process.newWorker]. */
        fun newWorker(name: String, onStop: (signal: Int) -> Unit): Process {
            val parent = ProcessContext.currentOrNull() ?: Process.outside
            val worker = Process(name, true, null, Kind.WORKER, parent)
            worker.machinery.household().onStop = onStop
            parent.machinery.adopt(worker)
            return worker
        }

        /** Whether a subclass of `Process` overrides the blocking `run()`, which the suspend one then runs. */
        fun overridesBlockingRun(type: Class<*>): Boolean = type !== Process::class.java && overridesOf.get(type).blockingRun

        /** Which runs a subclass overrides, found once per class. */
        private class Overrides(val suspendRun: Boolean, val blockingRun: Boolean, val misnamedBlockingRun: Boolean)

        private val overridesOf = object : ClassValue<Overrides>() {
            override fun computeValue(type: Class<*>): Overrides {
                fun declaredBelowProcess(name: String, vararg params: Class<*>): Boolean {
                    var c: Class<*>? = type
                    while (c != null && c != Process::class.java) {
                        if (runCatching { c.getDeclaredMethod(name, *params) }.isSuccess) return true
                        c = c.superclass
                    }
                    return false
                }
                return Overrides(
                    suspendRun = declaredBelowProcess("run", Continuation::class.java),
                    blockingRun = declaredBelowProcess("run"),
                    misnamedBlockingRun = declaredBelowProcess("runBlocking"),
                )
            }
        }
    }
}
