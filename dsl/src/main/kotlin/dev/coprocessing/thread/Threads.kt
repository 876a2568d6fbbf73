package dev.coprocessing.thread

import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * The bookkeeping behind the `thread` package, CPython's `_active`, `_limbo` and `_counter`: which [Thread]
 * each JVM thread is, the threads alive now, and the threads each process waits for when its body ends.
 *
 * Starting a thread costs a set insertion, a registration with [LiveResources] and, inside a process, one with
 * the process's [ProcessThreads]; its end undoes them.
 */
internal object Threads {
    /** CPython's `_counter`: the N of `Thread-N` and `Dummy-N`, one count for both. */
    private val counter = AtomicInteger()
    private val starts = AtomicLong()

    /** The [Thread] of the running JVM thread, once known: a virtual thread of ours, the main thread, a dummy. */
    private val current = ThreadLocal<Thread>()

    /** Threads of ours that have started and not ended. */
    private val active: MutableSet<Thread> = ConcurrentHashMap.newKeySet()

    /** Dummy threads, by JVM thread; dead ones are dropped when the map is read or grows. */
    private val dummies = ConcurrentHashMap<java.lang.Thread, Thread>()
    @Volatile private var pruneAt = 16

    /** The threads each process started and waits for, made when its first thread starts. */
    private val ofProcess = ConcurrentHashMap<Process, ProcessThreads>()

    /** The thread that ran `main`, found once; a not-alive `MainThread` if it cannot be found. */
    val main: Thread by lazy {
        Thread.foreign(Thread.Kind.MAIN, "MainThread", findMainJvmThread(), daemon = false)
    }

    fun newName(targetName: String?): String {
        val n = counter.incrementAndGet()
        return if (targetName == null) "Thread-$n" else "Thread-$n ($targetName)"
    }

    /**
     * The daemon flag a new thread inherits from the code creating it: a [Thread]'s own; not a daemon for code
     * that runs as a process (CPython's main thread of that process); otherwise the JVM thread's flag (false
     * on the main thread).
     */
    fun inheritedDaemon(): Boolean {
        currentOrNull()?.let { if (it.kind == Thread.Kind.USER) return it.daemon }
        if (ProcessContext.currentOrNull() != null) return false
        return java.lang.Thread.currentThread().isDaemon
    }

    fun currentThread(): Thread = currentOrNull() ?: foreignCurrent()

    private fun foreignCurrent(): Thread {
        val jvm = java.lang.Thread.currentThread()
        val thread = if (jvm === main.jvm) main else dummyFor(jvm)
        current.set(thread)
        return thread
    }

    private fun dummyFor(jvm: java.lang.Thread): Thread {
        if (dummies.size >= pruneAt) {
            pruneDummies()
            pruneAt = maxOf(16, dummies.size * 2)
        }
        return dummies.computeIfAbsent(jvm) {
            Thread.foreign(Thread.Kind.DUMMY, "Dummy-${counter.incrementAndGet()}", jvm, daemon = jvm.isDaemon)
        }
    }

    private fun pruneDummies() {
        dummies.keys.removeIf { !it.isAlive }
    }

    /** [Thread.start]: [thread] is listed from now on, and joined by [process] (when there is one) at its end. */
    fun started(thread: Thread, process: Process?) {
        thread.startOrder = starts.incrementAndGet()
        active += thread
        LiveResources.opened(thread)
        if (process != null && !thread.libraryWorker) {
            ofProcess.computeIfAbsent(process, ::ProcessThreads).add(thread)
        }
    }

    /**
     * The first thing a thread of ours does: it becomes the current thread (a [PlatformThread] knows its [Thread]
     * already; a virtual one is told through a thread-local), as [process].
     */
    fun enter(thread: Thread, process: Process?) {
        if (thread.jvm !is PlatformThread) current.set(thread)
        if (process != null) ProcessContext.enter(process)
    }

    /** The [Thread] running here, if already known: ours, or the main or a dummy thread once looked up. */
    fun currentOrNull(): Thread? {
        val jvm = java.lang.Thread.currentThread()
        return if (jvm is PlatformThread) jvm.owner else current.get()
    }

    /** [thread] is no longer listed by [enumerate]; [stopped] follows, on its own thread. */
    fun left(thread: Thread) {
        active -= thread
    }

    /** The last thing a thread of ours does. */
    fun stopped(thread: Thread, process: Process?) {
        active -= thread
        LiveResources.closed(thread)
        if (thread.jvm !is PlatformThread) current.remove()
        if (process != null) ProcessContext.enter(null)
    }

    /** The live threads: the main thread, then ours in the order they started, then the dummies. */
    fun enumerate(): List<Thread> {
        val ours = active.toMutableList()
        ours.sortBy { it.startOrder }
        pruneDummies()
        return buildList {
            if (main.isAlive()) add(main)
            addAll(ours)
            dummies.values.filterTo(this) { it.isAlive() }
        }
    }

    /** What [run] threw goes to [excepthook]; if the hook itself throws, that is reported, as CPython does. */
    fun reportUncaught(thread: Thread, error: Throwable) {
        val hook = excepthook
        try {
            hook(ExceptHookArgs(error.javaClass, error, thread))
        } catch (e: Throwable) {
            if (e is VirtualMachineError) throw e
            Unraisable.report("Exception in threading.excepthook:", e, hook)
        }
    }

    /**
     * The JVM thread that ran `main`: the platform thread named `main` in the `main` thread group. Looked up
     * once, through the thread groups (cheap), not a stack dump.
     */
    private fun findMainJvmThread(): java.lang.Thread? {
        var group = java.lang.Thread.currentThread().threadGroup ?: return null
        while (true) group = group.parent ?: break
        var all = arrayOfNulls<java.lang.Thread>(group.activeCount() + 16)
        while (true) {
            val n = group.enumerate(all, true)
            if (n < all.size) return all.take(n).filterNotNull().firstOrNull { it.name == "main" && it.threadGroup?.name == "main" }
            all = arrayOfNulls(all.size * 2)
        }
    }

    /**
     * The threads one process started, which its end waits for: CPython's `threading._shutdown`, run before the
     * process's other exit handlers. It stays the newest thing the process owns, so it ends first.
     */
    class ProcessThreads(private val process: Process) : OwnedResource {
        private val threads = LinkedHashSet<Thread>() // guarded by this
        private var compactAt = 16 // guarded by this

        fun add(thread: Thread) {
            synchronized(this) {
                // Ended threads are dropped whenever the set has doubled, so a process that starts many keeps few.
                if (threads.size >= compactAt) {
                    threads.removeAll { !it.isAlive() }
                    compactAt = maxOf(16, threads.size * 2)
                }
                threads += thread
            }
            // Re-registered at every start so that it stays the newest: the threads end before pools and executors.
            process.disown(this)
            process.own(this)
        }

        private fun live(): List<Thread> = synchronized(this) {
            threads.removeAll { !it.isAlive() }
            threads.toList()
        }

        override suspend fun endWithOwner(failed: Boolean) {
            // Threads started from now on form a new set, which the process owns and ends next.
            ofProcess.remove(process, this)
            try {
                while (true) {
                    val waited = live().filter { !it.daemon }
                    if (waited.isEmpty()) break
                    if (failed) waited.forEach { it.askToStop() }
                    waited.forEach { it.awaitEnd() }
                }
            } catch (e: CancellationException) {
                // The block was cancelled while it waited: its threads are asked to stop, and still waited for.
                live().forEach { it.askToStop() }
                withContext(NonCancellable) { live().filter { !it.daemon }.forEach { it.awaitEnd() } }
                throw e
            }
            live().forEach { it.askToStop() }
        }

        override fun toString(): String = "threads of ${process.name}"
    }
}
