package dev.coprocessing.process

import dev.coprocessing.SystemExit
import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.withOptionalTimeout
import java.util.concurrent.Callable
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.CoroutineContext
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
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * A process in Python's sense, as `multiprocessing.Process`: a unit of work with its own identity, started
 * with [start], awaited with [join], stopped with [terminate] or [kill].
 *
 * A process with a suspend [target] (or an overridden [run]) is a coroutine, not a thread: a million sleeping
 * processes fit in a modest heap, and every wait it makes runs on coroutine time, so code written with it can
 * be tested under kotlinx-coroutines-test's virtual time. A Java target (a [ThrowingRunnable] lambda or a
 * [Callable]) runs on a thread of its own, where it may block; [terminate] interrupts that thread.
 *
 * Processes live inside `multiprocessing { }` (Java: `Coprocessing.runMultiprocessing(...)`), the main
 * process. Every process is the main process of its own children: when its target returns, its daemon
 * children are terminated and its other children joined before it counts as finished, and terminating a
 * process terminates its children. Nothing outlives the block that started it. A failing child never
 * cancels its parent or its siblings: it ends with `exitCode == 1` and its stack trace on stderr.
 *
 * Objects are shared, not copied: a child sees its parent's queues, locks and connections themselves.
 *
 * ```kotlin
 * multiprocessing {
 *     val p = Process { println("hello from ${currentProcess().name}") }
 *     p.start()
 *     p.join()
 *     println(p.exitCode)  // 0
 * }
 * ```
 *
 * A subclass overrides [run], as in Python:
 * ```kotlin
 * class Server(private val port: Int) : Process() {
 *     override suspend fun run() { serve(port) }
 * }
 * ```
 * From Java, a subclass overrides the blocking `run()` instead (see [runBlocking]), which runs on a thread of
 * its own:
 * ```java
 * class Server extends Process {
 *     @Override public void run() throws IOException { serve(port); }
 * }
 * ```
 * A subclass that overrides neither and was given no target fails at [start], naming what to override.
 */
public open class Process internal constructor(
    name: String?,
    daemon: Boolean,
    private val target: Target?,
    private val creator: Process?,
) {
    /**
     * A process that runs [target] (a suspend lambda), or [run] when a subclass overrides it.
     *
     * [name] defaults to CPython's `Process-N` (`Process-1:2` for the second child of `Process-1`; a subclass
     * `Server` gets `Server-N`). A [daemon] process is terminated when its parent's body ends, instead of
     * being waited for.
     *
     * ```kotlin
     * val p = Process(name = "worker", daemon = true) { work() }
     * ```
     */
    @JvmOverloads
    public constructor(name: String? = null, daemon: Boolean = false, target: (suspend () -> Unit)? = null) :
        this(name, daemon, target?.let(Target::Suspending), ProcessContext.currentOrNull() ?: outside)

    /**
     * A process whose [target] is blocking Java code, run on a thread of its own; [terminate] interrupts it.
     * The target may throw checked exceptions (so it may call blocking methods such as `q.get()` directly):
     * what it throws ends the process with exit code 1, as a failing suspend target does.
     *
     * ```java
     * Process p = new Process("worker", true, () -> System.out.println(q.get()));
     * ```
     */
    @JvmOverloads
    public constructor(name: String? = null, daemon: Boolean = false, target: ThrowingRunnable) :
        this(name, daemon, Target.Blocking(target::run), ProcessContext.currentOrNull() ?: outside)

    /**
     * A process whose [target] is blocking Java code that may throw checked exceptions (its result is
     * ignored), run on a thread of its own; [terminate] interrupts it.
     *
     * ```java
     * Process p = new Process(() -> { Thread.sleep(100); return null; });
     * ```
     */
    @JvmOverloads
    public constructor(name: String? = null, daemon: Boolean = false, target: Callable<*>) :
        this(name, daemon, Target.Blocking { target.call() }, ProcessContext.currentOrNull() ?: outside)

    internal sealed interface Target {
        class Suspending(val body: suspend () -> Unit) : Target
        class Blocking(val body: () -> Unit) : Target
    }

    private val isMain: Boolean get() = creator == null

    /** The process that created this one; `null` for a main process. */
    internal val parent: Process? get() = creator

    // State is kept small on purpose: a sleeping process should cost a few hundred bytes, so that a
    // million of them fit in a modest heap. Mutable state is guarded by this object's monitor.
    private val index: Int = creator?.nextChildIndex() ?: 0
    private var childCount = 0
    private var children: ArrayList<Process>? = null
    private var compactAt = MIN_COMPACTION
    private var customName: String? = name
    /** The executors and pools this process made and has not seen end: they end with it. */
    private var owned: LinkedHashSet<OwnedResource>? = null

    /** The process's coroutine once started; for a main or worker process, a job completed when it ends. */
    @Volatile private var job: Job? = if (creator == null) Job() else null
    /** The running coroutine's context, where children are launched; `null` before it runs. */
    @Volatile private var context: CoroutineContext? = null
    @Volatile private var supervisor: CompletableJob? = null
    @Volatile private var childScope: CoroutineScope? = null
    @Volatile private var started: Boolean = creator == null
    @Volatile private var closed: Boolean = false
    @Volatile private var signal: Int = 0
    @Volatile private var exitCodeValue: Int? = null
    @Volatile private var pidValue: Long = if (creator == null) jvmPid else 0L
    private var bodyExitCode: Int = 0
    /** For a worker: how `terminate()`/`kill()` reach the engine that runs it. */
    @Volatile private var stopHook: ((Int) -> Unit)? = null

    /**
     * The process's name, used only for identification (in `toString()`, thread names and messages).
     * CPython's default is `Process-N`; the main process is `MainProcess`.
     *
     * ```kotlin
     * println(currentProcess().name)
     * ```
     */
    public var name: String
        get() = customName ?: defaultName().also { customName = it }
        set(value) {
            customName = value
        }

    /**
     * Whether this is a daemon process: one its parent terminates, rather than waits for, when the parent's
     * body ends. Can only be set before [start]; afterwards the setter throws `IllegalStateException`.
     *
     * ```kotlin
     * val p = Process { while (true) { println("alive"); sleep(0.5) } }
     * p.daemon = true
     * p.start()
     * ```
     */
    @get:JvmName("isDaemon")
    public var daemon: Boolean = daemon
        set(value) {
            check(!started) { "process has already started: set daemon before calling start()" }
            field = value
        }

    /**
     * The process id: unique in this JVM and never reused; `null` before [start]. The main process has the
     * JVM's own pid.
     *
     * ```kotlin
     * println("child ${p.pid} of ${p.ppid}")
     * ```
     */
    public val pid: Long?
        get() = checkOpen().pidValue.takeIf { it != 0L }

    /**
     * The pid of the process that created this one (for the main process, the JVM's parent process, or
     * `null` if the JVM has none).
     *
     * ```kotlin
     * println(currentProcess().ppid)
     * ```
     */
    public val ppid: Long?
        get() = if (creator == null) jvmParentPid else creator.pidValue.takeIf { it != 0L }

    /**
     * The process identifier, the same as [pid], as in CPython.
     *
     * ```kotlin
     * println(p.ident)
     * ```
     */
    public val ident: Long?
        get() = pid

    /**
     * How the process ended: `null` while it runs (or before it starts), 0 when its target returned,
     * 1 when the target threw (see [exception]), `n` after `exit(n)`, -15 after [terminate], -9 after [kill].
     *
     * ```kotlin
     * p.join()
     * check(p.exitCode == 0)
     * ```
     */
    public val exitCode: Int?
        get() = checkOpen().exitCodeValue

    /**
     * What the target threw when the process ended with `exitCode == 1`; `null` otherwise.
     *
     * ```kotlin
     * p.join()
     * p.exception?.printStackTrace()
     * ```
     */
    @Volatile
    public var exception: Throwable? = null
        private set

    /**
     * What the process does; the default runs the target given to the constructor, if any. A subclass
     * overrides it, as in Python. It runs inside the process, with [currentProcess][dev.coprocessing.currentProcess]
     * returning this process; a blocking target runs on a thread of its own.
     *
     * ```kotlin
     * class Ticker : Process() {
     *     override suspend fun run() { repeat(3) { println("tick"); sleep(1.0) } }
     * }
     * ```
     */
    public open suspend fun run() {
        // A Java subclass's run() is what the process does, as an override of run() is in Python.
        if (javaClass !== Process::class.java && overrides(javaClass).blockingRun) return runOnOwnThread { runBlocking() }
        when (target) {
            is Target.Suspending -> target.body()
            is Target.Blocking -> runOnOwnThread(target.body)
            null -> Unit
        }
    }

    /**
     * What the process does, as blocking code: Java's `run()`, which a Java subclass overrides as in Python
     * (`@Override public void run()`). It runs on a thread of its own, inside the process; [terminate]
     * interrupts that thread, and what it throws ends the process with exit code 1. The default runs the
     * target given to the constructor (blocking the caller until a suspend target has returned).
     *
     * Kotlin subclasses override the suspend [run] instead: this function's JVM name is `run`, so a Kotlin
     * override of it would not be called, and [start] refuses one.
     *
     * ```java
     * class Worker extends Process {
     *     @Override public void run() throws InterruptedException { System.out.println(q.get()); }
     * }
     * ```
     */
    @Suppress("INAPPLICABLE_JVM_NAME")   // Java's name for it; Kotlin code overrides the suspend run()
    @JvmName("run")
    @Throws(Exception::class)
    public open fun runBlocking() {
        when (target) {
            is Target.Suspending -> blocking { target.body() }
            is Target.Blocking -> target.body()
            null -> Unit
        }
    }

    /**
     * Starts the process: it begins to run concurrently with the caller, and [isAlive] is `true` from now on.
     * Never suspends.
     *
     * Throws `IllegalStateException` when called twice ("cannot start a process twice"), on a closed process,
     * from a process other than the one that created this one, or outside `multiprocessing { }`.
     *
     * ```kotlin
     * val p = Process { work() }
     * p.start()
     * ```
     */
    public fun start() {
        checkOpen()
        check(!isMain) { "cannot start a process twice: the main process is always running" }
        val here = ProcessContext.currentOrNull() ?: outside
        check(creator === here) {
            "can only start a process object created by current process: ${creator!!.name} created '$name', " +
                "but ${here.name} is starting it; create it in the process that starts it"
        }
        checkRunnable()
        val scope = checkNotNull(here.childScope()) {
            "processes can only be started inside multiprocessing { } (Java: Coprocessing.runMultiprocessing(...)), " +
                "the main process, which joins its children when it ends"
        }
        synchronized(this) {
            check(!started) { "cannot start a process twice" }
            started = true
            pidValue = pids.incrementAndGet()
            LiveResources.opened(this)
            // ATOMIC: the coroutine runs even if terminated at once, so that it always settles its exit code.
            job = scope.launch(ProcessContext.elementOf(this), CoroutineStart.ATOMIC) { bootstrap() }
        }
        here.adopt(this)
    }

    /**
     * Suspends until the process ends, or until [timeout] has passed (`null`: no limit). It returns either
     * way, as in CPython: check [exitCode] or [isAlive] to tell which. Cancelling the caller stops the wait
     * and leaves the process running.
     *
     * Throws `IllegalStateException` for a process never started ("can only join a started process"), for
     * a process joining itself or one of its ancestors (that would wait forever), or when closed;
     * `IllegalArgumentException` for a negative timeout.
     *
     * ```kotlin
     * p.join(timeout = 5.seconds)
     * if (p.isAlive()) p.terminate()
     * ```
     */
    @JvmSynthetic
    public suspend fun join(timeout: Duration? = null) {
        checkOpen()
        checkTimeout(timeout)
        check(started) { "can only join a started process: call start() first" }
        val here = ProcessContext.of(currentCoroutineContext())
        if (here != null) {
            check(!here.isSelfOrDescendantOf(this)) {
                "can only join a child process: ${here.name} cannot join " +
                    (if (here === this) "itself" else "its ancestor $name") + ", that would wait forever"
            }
        }
        withOptionalTimeout(timeout) { job!!.join() }
    }

    /**
     * Blocks the calling thread until the process ends: the blocking twin of [join], for code outside
     * coroutines (Java: `join()`).
     *
     * ```java
     * p.join();
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(): Unit = blocking { join() }

    /**
     * Blocks until the process ends or [timeout] passes (Java: `join(Duration)`).
     *
     * ```java
     * p.join(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeout: java.time.Duration): Unit = blocking { join(timeout.toTimeout()) }

    /**
     * Blocks until the process ends or [timeoutSeconds] pass, as Python's `join(timeout=1.5)`
     * (Java: `join(double)`).
     *
     * ```java
     * p.join(1.5);
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeoutSeconds: Double): Unit = blocking { join(secondsToTimeout(timeoutSeconds)) }

    /**
     * Blocks until the process ends or [timeout] passes; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * p.joinBlocking(5.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeout: Duration?): Unit = blocking { join(timeout) }

    /**
     * Whether the process has started and not yet ended. Right after [terminate] it may still be `true`:
     * termination is asynchronous, as in CPython.
     *
     * ```kotlin
     * p.terminate()
     * println(p.isAlive())  // may print true
     * p.join()
     * println(p.isAlive())  // false
     * ```
     */
    public fun isAlive(): Boolean {
        checkOpen()
        return started && !isFinished
    }

    /**
     * Asks the process to stop, as SIGTERM does: its coroutine is cancelled (a blocking target's thread is
     * interrupted) and so are its children's. Never waits: [isAlive] may still be `true` right after it, and
     * [join] then sees `exitCode == -15`. Does nothing to a process that has already ended.
     *
     * ```kotlin
     * p.terminate()
     * p.join()
     * check(p.exitCode == -15)
     * ```
     */
    public fun terminate(): Unit = stop(SIGTERM)

    /**
     * The same as [terminate], recorded as SIGKILL: [exitCode] becomes -9. A blocking target that ignores
     * interruption cannot be killed on the JVM: the process then ends when that code returns.
     *
     * ```kotlin
     * p.kill()
     * p.join()
     * check(p.exitCode == -9)
     * ```
     */
    public fun kill(): Unit = stop(SIGKILL)

    /**
     * Releases a process that has ended (or never started); afterwards every other use of it throws
     * `IllegalStateException("process object is closed")`. Closing twice is fine. Closing a running process
     * throws, as in CPython.
     *
     * ```kotlin
     * p.join()
     * p.close()
     * ```
     */
    public fun close() {
        if (closed) return
        check(!(started && !isFinished)) {
            "Cannot close a process while it is still running. You should first call join() or terminate()."
        }
        closed = true   // the creator forgets it at its next clean-up, as it does every ended child
    }

    /**
     * A description in CPython's form: `<Process name='Process-1' pid=1234 parent=1233 started daemon>`,
     * `<Process name='Process-1' pid=1234 parent=1233 stopped exitcode=1>`.
     */
    override fun toString(): String {
        val exit = exitCodeValue
        val status = when {
            isMain -> "started"
            closed -> "closed"
            !started -> "initial"
            isFinished -> "stopped"
            else -> "started"
        }
        val type = if (isMain) "_MainProcess" else javaClass.simpleName.ifEmpty { "Process" }
        return buildString {
            append('<').append(type).append(" name='").append(name).append('\'')
            if (!isMain && pidValue != 0L) append(" pid=").append(pidValue)
            append(" parent=").append(if (isMain) "None" else creator?.pidValue)
            append(' ').append(status)
            if (status == "stopped" && exit != null) append(" exitcode=").append(signalName(exit))
            if (daemon) append(" daemon")
            append('>')
        }
    }

    // ---- internals --------------------------------------------------------------------------------------

    private fun defaultName(): String = when {
        creator == null -> "MainProcess"
        else -> {
            val type = javaClass.simpleName.takeIf { it.isNotEmpty() && javaClass != Process::class.java } ?: "Process"
            "$type-${identity()}"
        }
    }

    /** CPython's `_identity`: this process's index among its creator's children, after its creator's own. */
    private fun identity(): String = when (val c = creator) {
        null -> ""
        else -> if (c.isMain) "$index" else "${c.identity()}:$index"
    }

    private fun nextChildIndex(): Int = synchronized(this) { ++childCount }

    private val isFinished: Boolean get() = job?.isCompleted == true

    /** A subclass must say what it does: a target, or an override of one of the two runs. */
    private fun checkRunnable() {
        if (javaClass === Process::class.java) return
        val overrides = overrides(javaClass)
        check(!overrides.misnamedBlockingRun) {
            "${javaClass.name} overrides runBlocking() from Kotlin, which is never called (its JVM name is run()): " +
                "override suspend fun run() instead"
        }
        check(target != null || overrides.suspendRun || overrides.blockingRun) {
            "${javaClass.name} overrides neither run(): override suspend fun run() (Kotlin) or " +
                "public void run() (Java), or pass a target to the constructor"
        }
    }

    private fun checkOpen(): Process {
        check(!closed) { "process object is closed" }
        return this
    }

    private fun isSelfOrDescendantOf(other: Process): Boolean {
        var p: Process? = this
        while (p != null) {
            if (p === other) return true
            p = p.creator
        }
        return false
    }

    /** Where this process's children run: a supervisor under its own coroutine, made when the first child starts. */
    private fun childScope(): CoroutineScope? = childScope ?: synchronized(this) {
        childScope ?: context?.let { ctx ->
            val sup = SupervisorJob(ctx.job)
            supervisor = sup
            CoroutineScope(ctx + sup).also { childScope = it }
        }
    }

    /**
     * Remembers a started child. Ended children are dropped whenever the list has doubled since the last
     * clean-up (CPython cleans up at every `start()`), so a long-lived process that starts millions of short
     * ones keeps only the live ones, at amortised constant cost.
     */
    private fun adopt(child: Process) = synchronized(this) {
        val list = children ?: ArrayList<Process>(4).also { children = it }
        if (list.size >= compactAt) compact(list)
        list += child
    }

    private fun compact(list: ArrayList<Process>) {
        list.removeAll { it.isFinished }
        compactAt = maxOf(MIN_COMPACTION, list.size * 2)
    }

    /** Live children, forgetting those that have ended, as CPython's `active_children()` does. */
    internal fun activeChildren(): List<Process> = synchronized(this) {
        val list = children ?: return emptyList()
        compact(list)
        list.toList()
    }

    private fun stop(code: Int) {
        checkOpen()
        check(!isMain) { "the main process cannot be terminated: return or throw from its block instead" }
        check(started) { "can only terminate a started process: call start() first" }
        if (isFinished) return
        markSignal(code)
        // A worker is run by the engine that made it, which ends it with the signal's exit code.
        stopHook?.let { return it(code) }
        job?.cancel()   // kotlinx's own cancellation exception: no stack trace is filled per process
    }

    /** Records why this process and its descendants are being stopped, before their coroutines see it. */
    private fun markSignal(code: Int) {
        synchronized(this) { if (signal == 0) signal = code }
        activeChildren().forEach { it.markSignal(code) }
    }

    private suspend fun bootstrap() {
        val context = currentCoroutineContext()
        this.context = context
        try {
            var failed = false
            bodyExitCode = try {
                context.ensureActive()   // terminated before it ever ran: the target does not run at all
                run()
                0
            } catch (e: SystemExit) {
                e.code
            } catch (e: Throwable) {
                // A cancellation caused by terminate() ends the process; any other exception is the target's failure.
                if (e is CancellationException && !context.isActive) throw e
                failed = true
                exception = e
                report(e)
                1
            }
            runExitHandlers(failed)
        } finally {
            if (ownsAny()) withContext(NonCancellable) { endOwned(failed = true) }   // left by a terminate()
            supervisor?.let { sup ->
                sup.complete()
                withContext(NonCancellable) { sup.join() }
            }
            exitCodeValue = if (context.isActive) bodyExitCode else signal.takeIf { it != 0 } ?: SIGTERM
            LiveResources.closed(this)
        }
    }

    private fun report(e: Throwable) {
        synchronized(System.err) {
            System.err.println("Process $name:")
            e.printStackTrace()
        }
    }

    /**
     * CPython's exit handlers for a process whose body has ended: first what it made and left open ends, then
     * its children are reaped. [failed]: the body threw, so workers are stopped and every child terminated.
     */
    private suspend fun runExitHandlers(failed: Boolean) {
        endOwned(failed)
        reapChildren(terminateAll = failed)
    }

    /**
     * Daemon children are terminated (all children, when [terminateAll]), then every child is waited for,
     * including any started meanwhile.
     */
    private suspend fun reapChildren(terminateAll: Boolean) {
        while (true) {
            val live = activeChildren()
            if (live.isEmpty()) return
            for (child in live) if (terminateAll || child.daemon) child.terminate()
            for (child in live) child.job!!.join()
        }
    }

    /**
     * Records [resource], made by code running as this process, to be ended when this process's body ends
     * if it has not ended by then. Code outside every `multiprocessing { }` block owns what it makes itself.
     */
    internal fun own(resource: OwnedResource) {
        if (this === outside) return
        synchronized(this) { (owned ?: LinkedHashSet<OwnedResource>(2).also { owned = it }).add(resource) }
    }

    /** Forgets [resource], which has ended by itself. */
    internal fun disown(resource: OwnedResource) {
        synchronized(this) { owned?.remove(resource) }
    }

    private fun ownsAny(): Boolean = synchronized(this) { !owned.isNullOrEmpty() }

    /** Ends what this process made and left open, the newest first, as nested `use { }` blocks would. */
    private suspend fun endOwned(failed: Boolean) {
        while (true) {
            val newest = synchronized(this) { owned?.lastOrNull()?.also { owned!!.remove(it) } } ?: return
            newest.endWithOwner(failed)
        }
    }

    /**
     * Runs a blocking target on a thread of its own, named after the process. Cancellation interrupts the
     * thread, and the process stays alive until the thread has returned: no thread outlives its process.
     */
    private suspend fun runOnOwnThread(body: () -> Unit) {
        val done = CompletableDeferred<Unit>()
        val thread = libraryThread(name) {
            try {
                ProcessContext.runAs(this) { body() }
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

    /**
     * Runs [block] as the body of this main process: on return, daemon children are terminated and the
     * others joined; if it throws (or is cancelled), every child is terminated and joined, then it rethrows.
     */
    internal suspend fun <T> runAsMain(block: suspend CoroutineScope.() -> T): T {
        try {
            return coroutineScope {
                val sup = SupervisorJob(coroutineContext.job)
                val element = ProcessContext.elementOf(this@Process)
                supervisor = sup
                childScope = CoroutineScope(coroutineContext + sup + element)
                try {
                    withContext(element) {
                        val result = try {
                            block()
                        } catch (e: SystemExit) {
                            runExitHandlers(failed = false)
                            throw e
                        } catch (e: Throwable) {
                            withContext(NonCancellable) { runExitHandlers(failed = true) }
                            throw e
                        }
                        runExitHandlers(failed = false)
                        result
                    }
                } finally {
                    if (ownsAny()) withContext(NonCancellable) { endOwned(failed = true) }   // left by a cancellation
                    sup.complete()
                }
            }
        } finally {
            (job as CompletableJob).complete()
        }
    }

    /** The coroutine context element under which code runs as this process. */
    internal val workerContext: kotlin.coroutines.CoroutineContext get() = ProcessContext.elementOf(this)

    /**
     * Ends a process made by [newWorker] with [code] as its exit code, after ending the executors and pools
     * its tasks made and left open, as any process's end does (stopping their workers unless [code] is 0).
     */
    internal suspend fun endWorker(code: Int) {
        if (ownsAny()) withContext(NonCancellable) { endOwned(failed = code != 0) }
        markEnded(code)
    }

    /** [endWorker] for a worker's own thread, which may block while what the worker made ends. */
    internal fun endWorkerBlocking(code: Int) {
        if (ownsAny()) runBlocking { endOwned(failed = code != 0) }
        markEnded(code)
    }

    private fun markEnded(code: Int) {
        if (isFinished) return
        exitCodeValue = code
        (job as CompletableJob).complete()
    }

    internal companion object {
        private const val SIGTERM: Int = -15
        private const val SIGKILL: Int = -9
        private const val MIN_COMPACTION = 8

        private val jvmPid: Long = ProcessHandle.current().pid()
        private val jvmParentPid: Long? = ProcessHandle.current().parent().map { it.pid() }.orElse(null)
        private val pids = AtomicLong(jvmPid)

        /** The main process seen outside every `multiprocessing { }` block: it cannot start children. */
        val outside: Process = Process(null, false, null, null)

        /** A fresh main process for one `multiprocessing { }` block. */
        fun newMain(): Process = Process(null, false, null, null)

        /**
         * A process the library runs itself, such as a pool's worker: a daemon child of the current process,
         * alive (with a pid) from now until [endWorker], and listed by its `activeChildren()` meanwhile, as
         * CPython lists a pool's workers. Code runs as this process inside [workerContext] (coroutines) or
         * [ProcessContext.runAs] (threads). [name] is its full name (`SpawnPoolWorker-1`).
         * Its `terminate()` and `kill()` call [onStop] with the signal (-15, -9): whoever runs the worker stops
         * it and ends it with that exit code.
         */
        fun newWorker(name: String, onStop: (signal: Int) -> Unit): Process {
            val parent = ProcessContext.currentOrNull() ?: outside
            val worker = Process(name, true, null, parent).apply {
                stopHook = onStop
                started = true
                pidValue = pids.incrementAndGet()
                job = Job()
            }
            parent.adopt(worker)
            return worker
        }

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
                    suspendRun = declaredBelowProcess("run", kotlin.coroutines.Continuation::class.java),
                    blockingRun = declaredBelowProcess("run"),
                    misnamedBlockingRun = declaredBelowProcess("runBlocking"),
                )
            }
        }

        private fun overrides(type: Class<*>): Overrides = overridesOf.get(type)

        private fun signalName(code: Int): String = when (code) {
            SIGTERM -> "SIGTERM"
            SIGKILL -> "SIGKILL"
            else -> code.toString()
        }
    }
}
