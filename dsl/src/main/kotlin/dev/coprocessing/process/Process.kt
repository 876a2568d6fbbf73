package dev.coprocessing.process

import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.ProcessMachinery.Kind
import java.util.concurrent.Callable
import kotlin.coroutines.CoroutineContext
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope

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
 *
 * ### States
 *
 * A process is always in one of five states, and what its members report and do follows from that state
 * alone. A process made with a constructor starts out *initial*. The main process of a `multiprocessing { }`
 * block is *started* from the beginning and *ended* when its block has returned or thrown and its children
 * have ended. A pool's or an executor's worker (listed by `activeChildren()`) is *started* when the pool
 * makes it and *ended* by the pool.
 *
 * | state | entered by | `isAlive()` | `exitCode` | `pid` | `start()` | `join()` | `terminate()`, `kill()` | `close()` |
 * |---|---|---|---|---|---|---|---|---|
 * | initial | a constructor | `false` | `null` | `null` | starts it: *started* | throws | throws | closes it: *closed* |
 * | started | `start()` | `true` | `null` | its pid | throws | waits until *ended* | ask it to stop: *stopping* | throws |
 * | stopping | `terminate()` or `kill()` of it or of an ancestor, or its parent's end terminating it | `true` | `null` | its pid | throws | waits until *ended* | ask again; the first signal gives the exit code | throws |
 * | ended | its target has returned or thrown, or it was stopped, and then its children have ended | `false` | 0, 1, `n`, -15 or -9, set once | its pid | throws | returns at once | nothing | closes it: *closed* |
 * | closed | `close()` | throws | throws | throws | throws | throws | throws | nothing |
 *
 * The exit code is recorded before the process counts as ended: a [join] that returns because the process
 * ended always sees it. `toString()` shows `initial`, `started` (while stopping too), `stopped` with the exit
 * code, or `closed`. The main process cannot be started or terminated, nor joined from inside its block.
 */
public open class Process internal constructor(
    name: String?,
    daemon: Boolean,
    private val target: Target?,
    kind: Kind,
    creator: Process?,
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
        this(name, daemon, target?.let(Target::Suspending), Kind.CHILD, ProcessContext.currentOrNull() ?: outside)

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
        this(name, daemon, Target.Blocking(target::run, target), Kind.CHILD, ProcessContext.currentOrNull() ?: outside)

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
        this(name, daemon, Target.Blocking({ target.call() }, target), Kind.CHILD, ProcessContext.currentOrNull() ?: outside)

    internal sealed interface Target {
        class Suspending(val body: suspend () -> Unit) : Target
        /** [source] is what the user passed (a `ThrowingRunnable` or a `Callable`): what crosses to a spawn JVM. */
        class Blocking(val body: () -> Unit, val source: Any) : Target
    }

    /**
     * Where this process runs, when the context that made it chose ([spawnerChosen]): `null` for a coroutine of
     * this JVM. Otherwise the start method current at `start()` decides.
     */
    internal var spawner: ProcessSpawner? = null
    internal var spawnerChosen: Boolean = false

    /** What crosses to another JVM for this process: its target, or itself for a subclass that overrides `run()`. */
    internal fun spawnTarget(): Any = when (target) {
        is Target.Suspending -> target.body
        is Target.Blocking -> target.source
        null -> this
    }

    /** Its state, children and ending: the engine behind every member below. */
    internal val machinery: ProcessMachinery = ProcessMachinery(this, kind, creator)

    private var customName: String? = name

    /**
     * The process's name, used only for identification (in `toString()`, thread names and messages).
     * CPython's default is `Process-N`; the main process is `MainProcess`.
     *
     * ```kotlin
     * println(currentProcess().name)
     * ```
     */
    public var name: String
        get() = customName ?: machinery.defaultName().also { customName = it }
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
            machinery.checkOpen().checkNotStarted()
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
        get() = machinery.pidOrNull

    /**
     * The pid of the process that created this one (for the main process, the JVM's parent process, or
     * `null` if the JVM has none).
     *
     * ```kotlin
     * println(currentProcess().ppid)
     * ```
     */
    public val ppid: Long?
        get() = machinery.ppid

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
        get() = machinery.exitCode

    /**
     * What the target threw when the process ended with `exitCode == 1`; `null` otherwise.
     *
     * ```kotlin
     * p.join()
     * p.exception?.printStackTrace()
     * ```
     */
    public val exception: Throwable?
        get() = machinery.exception

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
        if (ProcessMachinery.overridesBlockingRun(javaClass)) return machinery.runOnOwnThread { runBlocking() }
        when (target) {
            is Target.Suspending -> target.body()
            is Target.Blocking -> machinery.runOnOwnThread(target.body)
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
    public fun start(): Unit = machinery.start(hasTarget = target != null)

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
    public suspend fun join(timeout: Duration? = null): Unit = machinery.join(timeout)

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
    public fun isAlive(): Boolean = machinery.isAlive

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
    public fun terminate(): Unit = machinery.stop(Signals.SIGTERM)

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
    public fun kill(): Unit = machinery.stop(Signals.SIGKILL)

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
    public fun close(): Unit = machinery.close()

    /**
     * A description in CPython's form: `<Process name='Process-1' pid=1234 parent=1233 started daemon>`,
     * `<Process name='Process-1' pid=1234 parent=1233 stopped exitcode=1>`.
     */
    override fun toString(): String = machinery.describe()

    // ---- for the rest of the library --------------------------------------------------------------------

    /** The process that created this one; `null` for a main process. */
    internal val parent: Process? get() = machinery.parent

    /** Live children, forgetting those that have ended, as CPython's `active_children()` does. */
    internal fun activeChildren(): List<Process> = machinery.activeChildren()

    /**
     * Records [resource], made by code running as this process, to be ended when this process's body ends
     * if it has not ended by then. Code outside every `multiprocessing { }` block owns what it makes itself.
     */
    internal fun own(resource: OwnedResource): Unit = machinery.own(resource)

    /** Forgets [resource], which has ended by itself. */
    internal fun disown(resource: OwnedResource): Unit = machinery.disown(resource)

    /** The coroutine context element under which code runs as this process. */
    internal val workerContext: CoroutineContext get() = ProcessContext.elementOf(this)

    /**
     * Runs [block] as the body of this main process: on return, daemon children are terminated and the
     * others joined; if it throws (or is cancelled), every child is terminated and joined, then it rethrows.
     */
    internal suspend fun <T> runAsMain(block: suspend CoroutineScope.() -> T): T = machinery.runAsMain(block)

    /**
     * Ends a process made by [newWorker] with [code] as its exit code, after ending the executors and pools
     * its tasks made and left open, as any process's end does (stopping their workers unless [code] is 0).
     */
    internal suspend fun endWorker(code: Int): Unit = machinery.endWorker(code)

    /** Throws unless the process is still in its initial state (its start method can change only then). */
    internal fun machineryCheckNotStarted(): Unit = machinery.checkNotStarted()

    /** A worker that runs in an OS process of its own takes that process's [pid] as its own. */
    internal fun useOsPid(pid: Long): Unit = machinery.useOsPid(pid)

    /** [endWorker] for a worker's own thread, which may block while what the worker made ends. */
    internal fun endWorkerBlocking(code: Int): Unit = machinery.endWorkerBlocking(code)

    internal companion object {
        /** The main process seen outside every `multiprocessing { }` block: it cannot start children. */
        val outside: Process = Process(null, false, null, Kind.MAIN, null)

        /** A fresh main process for one `multiprocessing { }` block. */
        fun newMain(): Process = Process(null, false, null, Kind.MAIN, null)

        /**
         * A process the library runs itself, such as a pool's worker: a daemon child of the current process,
         * alive (with a pid) from now until [endWorker], and listed by its `activeChildren()` meanwhile, as
         * CPython lists a pool's workers. Code runs as this process inside [workerContext] (coroutines) or
         * [ProcessContext.runAs] (threads). [name] is its full name (`SpawnPoolWorker-1`).
         * Its `terminate()` and `kill()` call [onStop] with the signal (-15, -9): whoever runs the worker stops
         * it and ends it with that exit code.
         */
        fun newWorker(name: String, onStop: (signal: Int) -> Unit): Process = ProcessMachinery.newWorker(name, onStop)

        /** The main process of a JVM that runs one spawned process: it has that process's [name] and [daemon] flag. */
        fun newSpawnedMain(name: String, daemon: Boolean): Process = Process(name, daemon, null, Kind.MAIN, null)

        /**
         * Runs [what] (a process's [spawnTarget], crossed from its parent JVM) in this JVM, as the current
         * process does: a suspend target, a Java target, or a `Process` subclass's own `run()`.
         */
        @Suppress("UNCHECKED_CAST")
        suspend fun runSpawnTarget(what: Any, name: String) {
            when (what) {
                is Process -> {
                    what.name = name
                    if (ProcessMachinery.overridesBlockingRun(what.javaClass)) what.runBlocking() else what.run()
                }
                is ThrowingRunnable -> what.run()
                is Callable<*> -> what.call()
                else -> (what as suspend () -> Unit)()
            }
        }
    }
}
