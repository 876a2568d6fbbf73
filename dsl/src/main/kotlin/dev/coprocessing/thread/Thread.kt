package dev.coprocessing.thread

import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.process.warnIfOnDefaultDispatcher
import dev.coprocessing.internal.VirtualThreads
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.withOptionalTimeout
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.blocking
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runInterruptible

/**
 * A thread in Python's sense, as `threading.Thread`: blocking code on a real JVM thread of its own, started
 * with [start] and awaited with [join]. Threads share everything with the code that made them (unlike
 * processes on the `spawn` context, and like this library's default processes, which share memory too), and
 * they run truly in parallel: the JVM has no GIL.
 *
 * The [target] is blocking code (Kotlin: the trailing lambda, Java: a lambda); a subclass overrides [run]
 * instead, from Kotlin or Java, as in Python. What the target throws goes to [excepthook], which prints
 * `Exception in thread Thread-1:` and the stack trace by default; the thread then ends, and nobody else is
 * affected. A thread cannot be stopped from outside, as in CPython (there is no `terminate()`): let it end,
 * or give it an [dev.coprocessing.sync.Event] to watch.
 *
 * Code in a thread runs as the process that started it ([dev.coprocessing.currentProcess] there is that
 * process, as a Python thread belongs to its process), so it may start processes, use pools and take locks.
 * Every lock, event, condition, barrier and queue of the library works between threads (through the blocking
 * calls) and between threads and coroutines; an `RLock` is owned by the thread that took it.
 *
 * **Daemon threads.** A thread started inside `multiprocessing { }` (or inside a process) belongs to that
 * process: when the process's body ends, it first waits for its non-daemon threads, as CPython's interpreter
 * does before its exit handlers; then its daemon threads are interrupted (the JVM's nearest to CPython killing
 * them at exit; an `InterruptedException` that then ends one is not reported) and not waited for. If the body
 * failed or was cancelled, the non-daemon threads are interrupted too before they are waited for. A daemon
 * thread is a JVM daemon thread and a non-daemon one a JVM non-daemon thread, so a thread started outside
 * every block behaves as a plain JVM thread, which matches CPython too: the JVM waits for non-daemon threads
 * before it exits and never for daemon ones.
 *
 * ```kotlin
 * val t = Thread(name = "worker") { println("hello from ${currentThread().name}") }
 * t.start()
 * t.join()
 * ```
 * ```java
 * Thread t = new Thread(() -> System.out.println("hello"));
 * t.start();
 * t.join();
 * ```
 * A subclass overrides [run]:
 * ```kotlin
 * class Ticker : Thread() {
 *     override fun run() { repeat(3) { println("tick") } }
 * }
 * ```
 *
 * ### States
 *
 * | state | entered by | `isAlive()` | `ident` | `start()` | `join()` | `daemon = ...` |
 * |---|---|---|---|---|---|---|
 * | initial | a constructor | `false` | `null` | starts it: *started* | throws | sets it |
 * | started | `start()` | `true` | its JVM thread id | throws | waits until *stopped* | throws |
 * | stopped | [run] has returned or thrown | `false` | its JVM thread id | throws | returns at once | throws |
 *
 * The thread that ran `main` ([mainThread]) and the threads this library did not start (dummy threads, seen
 * through [currentThread]) are *started* while their JVM thread is alive; a dummy thread cannot be joined.
 *
 * @param name the thread's name; by default CPython's `Thread-N`, followed by ` (Name)` when the target is an
 *   object of a named class (`Thread-3 (Download)`); a lambda has no name, so its thread is `Thread-N`.
 * @param daemon whether it is a daemon thread; `null` (the default) inherits it from the creating thread, as
 *   CPython does: a thread made by a daemon [Thread] is a daemon, one made by code that runs as a process (a
 *   `multiprocessing { }` body, a process's target) or by the main thread is not, and one made on any other
 *   JVM thread takes that thread's JVM daemon flag.
 * @param virtual run on a virtual thread (JDK 21+); on an older JVM the constructor throws
 *   `UnsupportedOperationException`. A virtual thread never keeps the JVM alive, even when not a daemon
 *   (a block still waits for it).
 * @param target what the thread runs; `null` runs nothing, unless a subclass overrides [run].
 */
public open class Thread internal constructor(
    name: String?,
    daemon: Boolean?,
    private val virtual: Boolean,
    private val target: ThrowingRunnable?,
    internal val kind: Kind,
    jvmThread: java.lang.Thread?,
) {
    /**
     * A thread that will run [target] (or [run], when a subclass overrides it) once [start] is called.
     *
     * ```kotlin
     * val t = Thread(name = "downloader", daemon = true) { download() }
     * ```
     * ```java
     * Thread t = new Thread("downloader", true, () -> download());
     * ```
     */
    @JvmOverloads
    public constructor(name: String? = null, daemon: Boolean? = null, virtual: Boolean = false, target: ThrowingRunnable? = null) :
        this(name, daemon, virtual, target, Kind.USER, null)

    /**
     * A thread that will run [target] (Java: `new Thread(() -> work())`).
     *
     * ```java
     * Thread t = new Thread(() -> work());
     * ```
     */
    public constructor(target: ThrowingRunnable) : this(null, null, false, target, Kind.USER, null)

    /**
     * A thread called [name] that will run [target] (Java).
     *
     * ```java
     * Thread t = new Thread("fetcher", () -> fetch());
     * ```
     */
    public constructor(name: String?, target: ThrowingRunnable) : this(name, null, false, target, Kind.USER, null)

    /**
     * A thread called [name], a daemon or not, that will run [target] (Java).
     *
     * ```java
     * Thread t = new Thread("heartbeat", true, () -> beat());
     * ```
     */
    public constructor(name: String?, daemon: Boolean?, target: ThrowingRunnable) :
        this(name, daemon, false, target, Kind.USER, null)

    /** The thread's origin: made by a constructor, the JVM's main thread, or a thread this library did not start. */
    internal enum class Kind { USER, MAIN, DUMMY }

    init {
        if (virtual && !VirtualThreads.available) {
            throw UnsupportedOperationException(
                "virtual threads need JDK 21 or newer, and this JVM is ${Runtime.version()}: " +
                    "pass virtual = false (a platform thread), or run on a newer JDK",
            )
        }
    }

    @Volatile private var threadName: String = name ?: Threads.newName(targetName(target))

    @Volatile private var isDaemonThread: Boolean = daemon ?: Threads.inheritedDaemon()

    /** The JVM thread: set by [start] for a thread of ours (under this object's monitor), at once for the others. */
    @Volatile internal var jvm: java.lang.Thread? = jvmThread
        private set

    /** INITIAL, STARTED or STOPPED; main and dummy threads are always STARTED (their liveness is their JVM thread's). */
    @Volatile private var state: Int = if (kind == Kind.USER) INITIAL else STARTED

    /** Completed when [run] has ended; waited for by the suspend [join]. */
    private val ended: CompletableDeferred<Unit>? = if (kind == Kind.USER) CompletableDeferred() else null

    /** The OS thread id once read; 0 while unknown. */
    @Volatile private var knownNativeId: Long = 0L

    /** The order of [start] calls, for [enumerate]. */
    internal var startOrder: Long = 0L

    /** A thread the library starts for its own use (a `ThreadPool` worker): its pool ends it, not its process. */
    internal var libraryWorker: Boolean = false

    /** Set when the end of its process asked it to stop: the interrupt it got is then no error to report. */
    @Volatile internal var stopAsked: Boolean = false

    /**
     * The thread's name, used only for identification (in `toString()`, reports and the JVM's thread name).
     * Several threads may share one. Setting it renames the JVM thread too.
     *
     * ```kotlin
     * currentThread().name = "fetcher"
     * ```
     */
    public var name: String
        get() = threadName
        set(value) {
            threadName = value
            if (kind == Kind.USER) jvm?.name = value
        }

    /**
     * Whether this is a daemon thread, which never keeps its process's block (nor the JVM) waiting. Can only be
     * set before [start]: afterwards the setter throws `IllegalStateException("cannot set daemon status of active
     * thread")`, as CPython's does.
     *
     * ```kotlin
     * val t = Thread { while (true) { heartbeat(); java.lang.Thread.sleep(500) } }
     * t.daemon = true
     * t.start()
     * ```
     */
    @get:JvmName("isDaemon")
    public var daemon: Boolean
        get() = isDaemonThread
        set(value) {
            synchronized(this) {
                check(state == INITIAL) { "cannot set daemon status of active thread: set daemon before start()" }
                isDaemonThread = value
            }
        }

    /**
     * The thread identifier: its JVM thread id (`java.lang.Thread.getId()`), `null` before [start]; kept after
     * the thread ends, as CPython keeps it (the JVM never reuses one).
     *
     * ```kotlin
     * println(currentThread().ident == getIdent())   // true
     * ```
     */
    public val ident: Long?
        get() = if (state == INITIAL) null else jvm?.id

    /**
     * The id the operating system gives the thread (Linux's TID, what `top -H` shows), `null` before [start],
     * for a virtual thread (it has no OS thread of its own), where the OS id cannot be read (off Linux), and
     * for a thread that ended before anyone read it: the JVM has no cheap way to read it, so it is read on
     * first use rather than paid for by every thread at start.
     *
     * ```kotlin
     * println(currentThread().nativeId)
     * ```
     */
    public val nativeId: Long?
        get() {
            knownNativeId.takeIf { it != 0L }?.let { return it }
            val thread = jvm ?: return null
            if (state == INITIAL || VirtualThreads.isVirtual(thread)) return null
            val id = if (thread === java.lang.Thread.currentThread()) NativeIds.ofCurrentThread() else NativeIds.of(thread)
            if (id != null) knownNativeId = id
            return id
        }

    /**
     * What the thread does; the default runs the target given to the constructor, if any. A subclass overrides
     * it, from Kotlin or Java (`@Override public void run()`), as in Python. It runs on the new thread; what it
     * throws goes to [excepthook].
     *
     * ```kotlin
     * class Worker(private val jobs: Queue<String>) : Thread() {
     *     override fun run() { println(jobs.getBlocking()) }
     * }
     * ```
     */
    @Throws(Exception::class)
    public open fun run() {
        target?.run()
    }

    /**
     * Starts the thread: [run] begins on a new JVM thread (a virtual one when asked for), and [isAlive] is
     * `true` from now on. Never blocks. A second call throws `IllegalStateException("threads can only be
     * started once")`, as CPython's does.
     *
     * ```kotlin
     * val t = Thread { work() }
     * t.start()
     * ```
     */
    public fun start() {
        val process = ProcessContext.currentOrNull()
        val thread = prepare(process)
        Threads.started(this, process)
        thread.start()
    }

    /** Moves to *started* and makes the JVM thread, not yet started; [process] is the process it will run as. */
    private fun prepare(process: Process?): java.lang.Thread = synchronized(this) {
        check(kind == Kind.USER && state == INITIAL) { "threads can only be started once" }
        val body = Runnable { bootstrap(process) }
        val thread = if (virtual) {
            VirtualThreads.unstarted(threadName, body)
        } else {
            PlatformThread(this, body, threadName).also { it.isDaemon = isDaemonThread }
        }
        jvm = thread
        state = STARTED
        thread
    }

    /** What the JVM thread runs: [run], as the process that started it, then the end of the thread. */
    private fun bootstrap(process: Process?) {
        Threads.enter(this, process)
        try {
            run()
        } catch (e: Throwable) {
            // The end of its process interrupted it to stop it: no error of its own, as a daemon killed at exit.
            if (!(stopAsked && e is InterruptedException)) Threads.reportUncaught(this, e)
        } finally {
            state = STOPPED
            Threads.stopped(this, process)
            ended!!.complete(Unit)
        }
    }

    /**
     * Suspends until the thread ends, or until [timeout] has passed (`null`: no limit); it returns either way,
     * as in CPython: check [isAlive] to tell which. Cancelling the caller stops the wait, not the thread. The
     * timeout runs on coroutine time (as every wait of the library does), while the thread runs in real time:
     * under `runTest`, wait for threads in `runBlocking` or on `Dispatchers.Default`.
     *
     * Throws `IllegalStateException` before [start] ("cannot join thread before it is started"), when a thread
     * joins itself ("cannot join current thread"), and for a dummy thread; `IllegalArgumentException` for a
     * negative timeout.
     *
     * ```kotlin
     * t.join(timeout = 5.seconds)
     * if (t.isAlive()) println("still running")
     * ```
     */
    @JvmSynthetic
    public suspend fun join(timeout: Duration? = null) {
        checkJoinable()
        checkTimeout(timeout)
        when (kind) {
            Kind.USER -> withOptionalTimeout(timeout) { ended!!.await() }
            else -> runInterruptible(Dispatchers.IO) { joinJvm(timeout) }
        }
    }

    /**
     * Blocks the calling thread until the thread ends: the blocking twin of [join] (Java: `join()`). It waits as
     * `java.lang.Thread.join()` does, so an interrupt ends the wait with `InterruptedException`.
     *
     * ```java
     * t.join();
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(): Unit = joinBlocking(null)

    /**
     * Blocks until the thread ends or [timeout] passes (Java: `join(Duration)`).
     *
     * ```java
     * t.join(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeout: java.time.Duration): Unit = joinBlocking(timeout.toTimeout())

    /**
     * Blocks until the thread ends or [timeoutSeconds] pass, as Python's `join(timeout=1.5)` (Java: `join(double)`).
     *
     * ```java
     * t.join(1.5);
     * ```
     */
    @JvmName("join")
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeoutSeconds: Double): Unit = joinBlocking(secondsToTimeout(timeoutSeconds))

    /**
     * Blocks until the thread ends or [timeout] passes; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * t.joinBlocking(5.seconds)
     * ```
     */
    @Throws(InterruptedException::class)
    public fun joinBlocking(timeout: Duration?) {
        checkJoinable()
        checkTimeout(timeout)
        warnIfOnDefaultDispatcher()
        joinJvm(timeout)
    }

    /**
     * The wait itself: the JVM's own join, the shortest path to the end of a thread. Between [prepare] and the
     * JVM start (another thread is starting it right now) the JVM thread is not alive yet: then the wait is on
     * the end of [run] instead.
     */
    private fun joinJvm(timeout: Duration?) {
        if (state == STOPPED) return
        val thread = jvm ?: return   // a main thread that could not be found has nothing to wait for
        if (kind == Kind.USER && !thread.isAlive) {
            blocking { withOptionalTimeout(timeout) { ended!!.await() } }
            return
        }
        when {
            timeout == null || timeout.isInfinite() -> thread.join()
            timeout.isPositive() -> timeout.toComponents { seconds, nanos ->
                val millis = seconds * 1000 + nanos / 1_000_000
                thread.join(millis, nanos % 1_000_000)
            }
            else -> Unit   // a zero timeout only looks
        }
    }

    private fun checkJoinable() {
        check(kind != Kind.DUMMY) { "cannot join a dummy thread: $threadName was not started by this library" }
        check(state != INITIAL) { "cannot join thread before it is started: call start() first" }
        check(jvm !== java.lang.Thread.currentThread()) { "cannot join current thread: $threadName would wait for itself forever" }
    }

    /**
     * Whether the thread has started and its [run] has not yet ended.
     *
     * ```kotlin
     * t.start()
     * println(t.isAlive())   // true until run() returns
     * ```
     */
    public fun isAlive(): Boolean = when (kind) {
        Kind.USER -> state == STARTED
        else -> jvm?.isAlive == true
    }

    /**
     * A description in CPython's form: `<Thread(Thread-1, initial)>`, `<Thread(Thread-1, started daemon 31)>`,
     * `<_MainThread(MainThread, started 1)>`, `<Timer(Thread-2, stopped 33)>`.
     */
    override fun toString(): String {
        val type = when (kind) {
            Kind.MAIN -> "_MainThread"
            Kind.DUMMY -> "_DummyThread"
            Kind.USER -> javaClass.simpleName.ifEmpty { "Thread" }
        }
        val status = buildString {
            append(
                when {
                    state == INITIAL -> "initial"
                    isAlive() -> "started"
                    else -> "stopped"
                },
            )
            if (isDaemonThread) append(" daemon")
            ident?.let { append(' ').append(it) }
        }
        return "<$type($threadName, $status)>"
    }

    // ---- for the rest of the library --------------------------------------------------------------------

    /** Asks the thread to stop, as the end of its process does: an interrupt, after which its end is quiet. */
    internal fun askToStop() {
        if (kind != Kind.USER || state != STARTED) return
        stopAsked = true
        jvm?.interrupt()
    }

    /** Suspends until [run] has ended (no checks: the library is waiting, not a caller). */
    internal suspend fun awaitEnd() {
        ended?.await()
    }

    internal companion object {
        private const val INITIAL = 0
        private const val STARTED = 1
        private const val STOPPED = 2

        /**
         * CPython's `(target)` suffix, for a target with a name: an object of a named class. A lambda's class is
         * hidden, synthetic or anonymous, and has no name a reader would recognise. Found once per class: the
         * reflection behind it costs more than the rest of a thread's bookkeeping.
         */
        private fun targetName(target: ThrowingRunnable?): String? =
            target?.let { targetNames.get(it.javaClass).ifEmpty { null } }

        private val targetNames = object : ClassValue<String>() {
            override fun computeValue(type: Class<*>): String {
                if (type.isHidden || type.isSynthetic || type.isAnonymousClass || type.isLocalClass) return ""
                return type.simpleName.takeIf { '$' !in it }.orEmpty()
            }
        }

        /**
         * A `ThreadPool` worker: a daemon [Thread] named [name] that runs [body], already *started* and listed by
         * [enumerate]; its JVM thread is returned unstarted, for the pool's engine to start it. It runs as the
         * process that creates it and ends with its pool, not with that process.
         */
        fun poolWorker(name: String, body: () -> Unit): java.lang.Thread {
            val worker = Thread(name, true, false, { body() }, Kind.USER, null)
            worker.libraryWorker = true
            val process = ProcessContext.currentOrNull()
            val thread = worker.prepare(process)
            Threads.started(worker, process)
            return thread
        }

        /**
         * The calling `ThreadPool` worker is done: it is no longer alive nor listed by [enumerate], though its JVM
         * thread still has its last steps to take (its pool is told of its end right after this).
         */
        fun poolWorkerLeaving() {
            val worker = Threads.currentOrNull()?.takeIf { it.libraryWorker } ?: return
            worker.state = STOPPED
            Threads.left(worker)
        }

        /** The thread object of the JVM's main thread, or of a thread this library did not start. */
        fun foreign(kind: Kind, name: String, jvm: java.lang.Thread?, daemon: Boolean): Thread =
            Thread(name, daemon, false, null, kind, jvm)
    }
}

/**
 * The JVM thread of a platform [Thread]: it carries its [owner], so that [currentThread] finds it without a
 * thread-local, and a thread that never uses one never pays for its thread-local map.
 */
internal class PlatformThread(val owner: Thread, body: Runnable, name: String) : java.lang.Thread(null, body, name, 0L)
