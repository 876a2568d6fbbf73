package dev.coprocessing.spawn

import dev.coprocessing.engine.Body
import dev.coprocessing.engine.Failure
import dev.coprocessing.engine.Worker
import dev.coprocessing.engine.WorkerBackend
import dev.coprocessing.engine.WorkerDied
import dev.coprocessing.engine.WorkerMarker
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.Signals
import java.util.concurrent.Callable
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking

/**
 * Workers in worker JVMs, one JVM per worker: the `"spawn"` start method's pools and process executors. The
 * worker's loop runs on a thread of this JVM, as with [dev.coprocessing.engine.ThreadWorkers]; each task it
 * takes crosses to its JVM as one message (a chunk of a map is one), runs there, and its results come back.
 *
 * What runs there is serialized once, when it is submitted ([prepare]), so what cannot cross fails in the
 * caller. A JVM that dies by itself (`System.exit`, an `OutOfMemoryError`, a `kill -9`) fails the work it held
 * as lost ([WorkerDied]); stopping a worker sends its JVM the worker's signal.
 */
internal class JvmWorkers(private val creator: Process, private val jvmOptions: List<String> = emptyList()) : WorkerBackend {

    /** Where each worker runs: its JVM while it starts ([WorkerJvm.Companion.Launch]) and once it runs. */
    private class Place(@Volatile var launch: WorkerJvm.Companion.Launch? = null, @Volatile var jvm: WorkerJvm? = null)

    private val places = java.util.concurrent.ConcurrentHashMap<Worker, Place>()

    override fun start(worker: Worker, loop: suspend () -> Int, ended: (code: Int) -> Unit) {
        val runAs = worker.process ?: creator
        val place = Place()
        places[worker] = place
        val thread = libraryThread(worker.name) {
            var code = 1
            try {
                val launch = WorkerJvm.launch(worker.name, jvmOptions)
                place.launch = launch
                worker.process?.useOsPid(launch.pid)
                if (worker.signal != 0) launch.process.destroyForcibly() // stopped while it launched
                place.jvm = launch.awaitLinked().also { it.peer = runAs }
                watch(worker, place.jvm!!)
                ProcessContext.enter(runAs)
                code = runBlocking(ProcessContext.elementOf(runAs) + WorkerMarker(worker)) {
                    worker.job = coroutineContext.job
                    loop()
                }
            } catch (e: WorkerJvmLost) {
                code = worker.signal.takeIf { it != 0 } ?: e.exitCode
                when {
                    worker.signal != 0 -> Unit
                    // Killed from outside while it started: lost as a running worker is, not a failure to start.
                    e.exitCode == WorkerJvm.SIGKILL || e.exitCode == WorkerJvm.SIGTERM -> {
                        worker.lostCode = e.exitCode
                        worker.died = true
                    }
                    // It never called back: the engine breaks rather than start one JVM after another.
                    else -> worker.engine.startFailed(e)
                }
            } catch (e: Throwable) {
                val lost = worker.lostCode
                when {
                    worker.signal != 0 -> code = worker.signal
                    // Its JVM ended by itself, and [watch] cancelled the loop: the engine has settled its work.
                    lost != null -> {
                        worker.died = true
                        code = lost
                    }
                    else -> {
                        worker.died = true
                        Unraisable.report("Exception in worker $worker (it ends)", e)
                        code = 1
                    }
                }
            } finally {
                synchronized(worker) { worker.ending = true }
                Thread.interrupted()
                try {
                    place.jvm?.close()
                    places.remove(worker)
                    ended(code)
                } finally {
                    ProcessContext.enter(null)
                }
            }
        }
        worker.thread = thread
        thread.start()
    }

    /**
     * Notices a JVM that ends by itself while its worker waits for work, as CPython's pools watch their
     * workers' sentinels: the worker is lost at once, not when it is next given a task.
     */
    private fun watch(worker: Worker, jvm: WorkerJvm) {
        jvm.onExit { code ->
            synchronized(worker) {
                if (worker.ending || worker.signal != 0 || jvm.released) return@onExit
                worker.lostCode = code
                worker.job?.cancel()
                worker.thread?.interrupt()
            }
        }
    }

    override suspend fun execute(worker: Worker, work: dev.coprocessing.engine.Work) {
        work.run(worker)
    }

    override fun stop(worker: Worker) {
        synchronized(worker) {
            if (worker.ending) return
            worker.job?.cancel()
            worker.thread?.interrupt()
            val place = places[worker] ?: return
            val jvm = place.jvm
            when {
                jvm != null -> if (worker.signal == Signals.SIGKILL) jvm.kill() else jvm.terminate()
                else -> place.launch?.process?.let { if (worker.signal == Signals.SIGKILL) it.destroyForcibly() else it.destroy() }
            }
        }
    }

    override fun prepare(body: Body<*, *>, what: String) {
        if (body.shipped == null) body.shipped = Crossing.ship(body, what)
    }

    override fun prepareCall(fn: Any, what: String): Any = Crossing.ship(fn, what)

    override suspend fun <A> runOnce(worker: Worker, body: Body<A, *>, arg: A): Any? {
        val outcome = try {
            call(worker, OnceTask(shippedOf(body), Crossed.wrap(arg))) as OnceOutcome
        } catch (e: WorkerDied) {
            throw e
        } catch (e: Throwable) {
            return Failure(0, e) // what it got or gave could not cross: the task fails with why
        }
        return outcome.failure ?: Crossed.restore(outcome.value)
    }

    override suspend fun <A> runChunk(
        worker: Worker,
        body: Body<A, *>,
        items: List<A>,
        from: Int,
        to: Int,
        out: Array<Any?>,
        outOffset: Int,
        stop: () -> Boolean,
    ): Failure? {
        if (stop()) return null
        val outcome = try {
            call(worker, ChunkTask(shippedOf(body), ArrayList<Any?>(to - from).apply { for (i in from until to) add(Crossed.wrap(items[i])) })) as ChunkOutcome
        } catch (e: WorkerDied) {
            throw e
        } catch (e: Throwable) {
            return Failure(from, e) // what it got or gave could not cross: the chunk fails with why
        }
        val values = outcome.values
        for (i in values.indices) out[from + i - outOffset] = Crossed.restore(values[i])
        return outcome.failure?.let { Failure(from + it.index, it.error) }
    }

    override suspend fun runCall(worker: Worker, fn: Any, suspending: Boolean): Any? =
        Crossed.restore(call(worker, CallTask(fn as SerializedFunction, suspending)))

    private fun shippedOf(body: Body<*, *>): SerializedFunction = body.shipped as SerializedFunction

    /** Runs [task] in [worker]'s JVM: its value, or what it threw; the JVM's end as [WorkerDied]. */
    private fun call(worker: Worker, task: RemoteTask): Any? {
        val jvm = places[worker]?.jvm ?: throw WorkerDied(worker.lostCode ?: 1)
        val bytes = Crossing.shipValue(task, "an item given to $worker")
        return try {
            jvm.callSerialized(bytes)
        } catch (e: WorkerJvmLost) {
            throw WorkerDied(e.exitCode, e)
        } catch (e: WorkerJvmExit) {
            // exit(n) in a task ends its worker JVM, as it ends a worker process in CPython.
            jvm.waitForExit(EXIT_GRACE_MS)
            throw WorkerDied(e.code, e)
        }
    }

    private companion object {
        const val EXIT_GRACE_MS = 5_000L
    }
}

/** A function applied once in a worker JVM: its value, or its [Failure]. */
private class OnceTask(private val body: SerializedFunction, private val arg: Any?) : RemoteTask {
    @Suppress("UNCHECKED_CAST")
    override suspend fun runRemote(): Any? {
        val fn = Crossing.deserialize(body.bytes, SpawnMain.loader) as Body<Any?, Any?>
        val outcome = fn.runOnce(Crossed.restore(arg))
        return if (outcome is Failure) OnceOutcome(null, outcome) else OnceOutcome(Crossed.wrap(outcome), null)
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

private class OnceOutcome(val value: Any?, val failure: Failure?) : java.io.Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** A chunk of a map, run in a worker JVM: the results up to the first failure, and that failure. */
private class ChunkTask(private val body: SerializedFunction, private val items: ArrayList<Any?>) : RemoteTask {
    @Suppress("UNCHECKED_CAST")
    override suspend fun runRemote(): Any? {
        val fn = Crossing.deserialize(body.bytes, SpawnMain.loader) as Body<Any?, Any?>
        for (i in items.indices) items[i] = Crossed.restore(items[i])
        val out = arrayOfNulls<Any?>(items.size)
        val failure = fn.runChunk(items, 0, items.size, out, 0) { false }
        val values = if (failure == null) out else out.copyOf(failure.index)
        for (i in values.indices) values[i] = Crossed.wrap(values[i])
        return ChunkOutcome(values, failure)
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

private class ChunkOutcome(val values: Array<Any?>, val failure: Failure?) : java.io.Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** An executor's task, run in a worker JVM: a `suspend () -> Any?` or a `Callable`. */
private class CallTask(private val fn: SerializedFunction, private val suspending: Boolean) : RemoteTask {
    @Suppress("UNCHECKED_CAST")
    override suspend fun runRemote(): Any? {
        val task = Crossing.deserialize(fn.bytes, SpawnMain.loader)
        return if (suspending) (task as suspend () -> Any?)() else (task as Callable<Any?>).call()
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
