package dev.coprocessing.spawn

import dev.coprocessing.internal.libraryThread
import java.io.EOFException
import java.io.File
import java.io.InputStream
import java.io.PrintStream
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicLong

/**
 * A worker JVM: a fresh `java` started with this JVM's executable and classpath, running [SpawnMain], linked to
 * its parent over an authenticated loopback socket. What it prints goes to this JVM's `System.out` and
 * `System.err` (as they are when it prints, so a redirected stream sees it), line by line.
 *
 * States: *starting* (in [start]), *running* (it has called back: [call] works), *ended* (its OS process has
 * exited: [exitCode]). It cannot outlive its parent: it halts as soon as its stdin, held open by this object,
 * reaches its end — when [close] runs, or when this JVM dies, however it dies.
 *
 * ```kotlin
 * val jvm = WorkerJvm.start("Process-1")
 * val answer = jvm.call(suspend { 6 * 7 }) // 42, computed in the other JVM
 * jvm.close()
 * ```
 */
internal class WorkerJvm private constructor(
    val name: String,
    private val process: java.lang.Process,
    private val link: Link,
    private val pumps: List<Thread>,
) : AutoCloseable {
    private val calls = AtomicLong()
    private val server = ObjectServer(link, ids.incrementAndGet())

    init {
        link.route = { message ->
            when (message) {
                is ObjectCall -> server.serve(message).let { true }
                is CancelCall -> server.cancel(message).let { true }
                else -> false
            }
        }
    }

    /** The process running in this JVM, as the operations its proxies send run in this one. */
    var peer: dev.coprocessing.process.Process?
        get() = server.peer
        set(value) {
            server.peer = value
        }
    @Volatile private var signalSent = 0
    /** Whether [close] has been called: its end is then expected. */
    @Volatile var released: Boolean = false
        private set

    /** The OS pid of the worker JVM. */
    val pid: Long get() = process.pid()

    fun isAlive(): Boolean = process.isAlive

    /**
     * Runs [fn] in the worker JVM and returns what it returned, or throws what it threw. Throws
     * [WorkerJvmLost] if the worker dies first (its exit code inside), [WorkerJvmExit] if [fn] called `exit(n)`.
     * One call at a time per worker.
     */
    fun call(fn: suspend () -> Any?): Any? = callSerialized(Crossing.ship(fn, "the function given to $name"))

    /** [call] with a function already checked and serialized by [Crossing.ship]. */
    fun callSerialized(fn: SerializedFunction): Any? {
        val id = calls.incrementAndGet()
        val reply = try {
            link.send(Call(id, fn))
            link.next() as Reply
        } catch (e: java.io.IOException) {
            // The link is gone: the worker is of no more use, and if it still runs it is told so.
            if (waitForExit(LOST_GRACE_MS) == null) kill()
            throw WorkerJvmLost(name, waitForExit(), e)
        }
        check(reply.id == id) { "reply ${reply.id} to call $id from $name" }
        reply.exitCode?.let { throw WorkerJvmExit(it) }
        reply.error?.let { throw it }
        return reply.value.let { if (it === UnitValue) Unit else it }
    }

    /** Calls [action] with the exit code once the JVM has exited, on a thread of the JDK's. */
    fun onExit(action: (code: Int) -> Unit) {
        process.onExit().thenRun { action(exitCodeOf(process.exitValue())) }
    }

    /** Sends SIGTERM (the JVM runs its shutdown hooks, then exits); its exit code reads `-15`. */
    fun terminate() {
        if (signalSent == 0) signalSent = SIGTERM
        process.toHandle().destroy() // the signal only: Process.destroy() would also close its pipes
    }

    /** Sends SIGKILL; its exit code reads `-9`. */
    fun kill() {
        signalSent = SIGKILL
        process.toHandle().destroyForcibly()
    }

    /**
     * Waits for the JVM to exit and returns its code as CPython reports one: the code it exited with, or
     * `-signal` when a signal ended it (a shell's `128 + n` read back).
     */
    fun waitForExit(): Int {
        val raw = process.waitFor()
        pumps.forEach(Thread::join)
        return exitCodeOf(raw)
    }

    /** Waits at most [millis] for the exit; `null` if it is still running. */
    fun waitForExit(millis: Long): Int? =
        if (process.waitFor(millis, TimeUnit.MILLISECONDS)) waitForExit() else null

    private fun exitCodeOf(raw: Int): Int = if (signalSent != 0 && raw == 128 - signalSent) signalSent else osExitCode(raw)

    /**
     * Asks the worker to exit, closes its stdin (which makes it halt if it still runs), and waits for it and
     * for the last of its output.
     */
    override fun close() {
        if (released) return
        released = true
        try {
            runCatching { link.send(Goodbye) }
            runCatching { process.outputStream.close() }
            if (!process.waitFor(CLOSE_GRACE_MS, TimeUnit.MILLISECONDS)) kill()
            waitForExit()
        } finally {
            server.close()
            link.close()
            SpawnListener.release()
        }
    }

    override fun toString(): String = "<WorkerJvm $name pid=$pid>"

    internal companion object {
        const val SIGTERM = -15
        const val SIGKILL = -9
        private const val CLOSE_GRACE_MS = 5_000L
        private const val LOST_GRACE_MS = 1_000L
        private const val START_TIMEOUT_MS = 60_000L
        private val ids = AtomicLong()

        /** This JVM's `java` executable. */
        val javaExecutable: String by lazy {
            ProcessHandle.current().info().command().orElse(null)
                ?: File(System.getProperty("java.home"), "bin/java").path
        }

        /**
         * Starts a worker JVM named [name] with [jvmOptions] (e.g. `-Xmx64m`) and waits until it has called
         * back. Throws [WorkerJvmLost] if it exits first, with what it printed on stderr already shown.
         */
        fun start(name: String, jvmOptions: List<String> = emptyList()): WorkerJvm = launch(name, jvmOptions).awaitLinked()

        /**
         * Starts the OS process of a worker JVM named [name] and returns at once, with its pid known: a
         * [Launch] to wait on (or abandon) while the JVM starts and calls back.
         */
        fun launch(name: String, jvmOptions: List<String> = emptyList()): Launch {
            val port = SpawnListener.acquire()
            val id = ids.incrementAndGet()
            val linked = SpawnListener.expect(id)
            var started: java.lang.Process? = null
            try {
                val command = buildList {
                    add(javaExecutable)
                    add("-cp")
                    add(System.getProperty("java.class.path"))
                    addAll(DEFAULT_OPTIONS)
                    addAll(jvmOptions)
                    add(SpawnMain::class.java.name)
                    add(port.toString())
                    add(id.toString())
                    add(name)
                }
                val process = ProcessBuilder(command).start()
                started = process
                val pumps = listOf(
                    pump(process.inputStream, "$name-stdout") { System.out },
                    pump(process.errorStream, "$name-stderr") { System.err },
                )
                process.outputStream.write((hex(SpawnListener.key) + "\n").toByteArray())
                process.outputStream.flush()
                return Launch(name, id, process, linked, pumps)
            } catch (e: Throwable) {
                SpawnListener.forget(id)
                started?.let { runCatching { it.outputStream.close() }; it.destroyForcibly(); it.waitFor() }
                SpawnListener.release()
                throw e
            }
        }

        /** Options every worker JVM starts with, before the caller's. */
        private val DEFAULT_OPTIONS = emptyList<String>()

        /** A worker JVM whose OS process runs and which has not called back yet. */
        internal class Launch(
            private val name: String,
            private val id: Long,
            val process: java.lang.Process,
            private val linked: java.util.concurrent.CompletableFuture<Link>,
            private val pumps: List<Thread>,
        ) {
            val pid: Long get() = process.pid()

            /** Waits until it has called back: the running [WorkerJvm]. Throws [WorkerJvmLost] if it exits first. */
            fun awaitLinked(): WorkerJvm = try {
                WorkerJvm(name, process, awaitLink(linked, process, name), pumps)
            } catch (e: Throwable) {
                abandon()
                throw e
            }

            /** Kills it and frees what it held, when it will not be used. */
            fun abandon() {
                SpawnListener.forget(id)
                runCatching { process.outputStream.close() }
                process.destroyForcibly()
                process.waitFor()
                pumps.forEach(Thread::join)
                SpawnListener.release()
            }
        }

        private fun awaitLink(linked: java.util.concurrent.CompletableFuture<Link>, process: java.lang.Process, name: String): Link {
            val deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS)
            while (true) {
                try {
                    return linked.get(50, TimeUnit.MILLISECONDS)
                } catch (_: TimeoutException) {
                    if (!process.isAlive) throw WorkerJvmLost(name, osExitCode(process.waitFor()), EOFException("it exited before calling back"))
                    if (System.nanoTime() > deadline) {
                        throw WorkerJvmLost(name, -1, TimeoutException("it did not call back within ${START_TIMEOUT_MS / 1000} s"))
                    }
                } catch (e: ExecutionException) {
                    throw WorkerJvmLost(name, -1, e.cause ?: e)
                }
            }
        }

        /** Copies [from] to the stream [to] gives at the time of each line, until the worker closes it. */
        private fun pump(from: InputStream, name: String, to: () -> PrintStream): Thread =
            libraryThread(name) {
                try {
                    from.bufferedReader().use { reader ->
                        while (true) {
                            val line = reader.readLine() ?: break
                            to().println(line)
                        }
                    }
                } catch (_: java.io.IOException) {
                    // The pipe was closed on this side: the worker is gone, and so is what it had not flushed.
                }
            }.also(Thread::start)

        private fun hex(bytes: ByteArray): String = buildString(bytes.size * 2) {
            for (b in bytes) append(Character.forDigit((b.toInt() shr 4) and 0xf, 16)).append(Character.forDigit(b.toInt() and 0xf, 16))
        }
    }
}

/**
 * A function in its serialized form, deserialized only in the worker JVM that runs it, with the library objects
 * it holds ([exports], by id: shared with that JVM when it is sent there; they do not cross themselves).
 */
internal class SerializedFunction(val bytes: ByteArray, @Transient val exports: Map<Long, Any>? = null) : java.io.Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** The worker JVM died (or could not start) before it replied; [exitCode] is how it ended (-1: unknown). */
internal class WorkerJvmLost(val worker: String, val exitCode: Int, cause: Throwable) :
    RuntimeException("worker JVM $worker ended (exit code $exitCode) before it replied", cause)

/** The function a worker JVM ran called `exit(code)`: the worker JVM exits with [code]. */
internal class WorkerJvmExit(val code: Int) : RuntimeException("exit($code) in a worker JVM")

/** An OS exit status as CPython reports one: the code a process exited with, or `-n` when signal `n` ended it. */
internal fun osExitCode(raw: Int): Int = if (raw in 129..(128 + 31)) -(raw - 128) else raw
