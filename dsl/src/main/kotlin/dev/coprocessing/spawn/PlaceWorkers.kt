@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.spawn

import dev.coprocessing.WorkerLostError
import dev.coprocessing.engine.Body
import dev.coprocessing.engine.Failure
import dev.coprocessing.engine.Work
import dev.coprocessing.engine.Worker
import dev.coprocessing.engine.WorkerBackend
import dev.coprocessing.engine.WorkerDied
import dev.coprocessing.engine.WorkerMarker
import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.libraryThread
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.Signals
import dev.coprocessing.spi.CoprocessingSpi
import dev.coprocessing.spi.RemoteWork
import dev.coprocessing.spi.WorkerPlace
import dev.coprocessing.spi.WorkerPlaceLost
import dev.coprocessing.spi.WorkerPlaces
import java.util.concurrent.Callable
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking

/**
 * The spawn rule for what crosses to another JVM, for a backend outside the core: the same check, at the same
 * moment (in the caller), with the same "Can't pickle …" message as the `"spawn"` start method.
 *
 * ```kotlin
 * val bytes = Crossings.bytesOf(target, "the target of Process-1") // IllegalArgumentException if it cannot cross
 * val again = Crossings.read(bytes, javaClass.classLoader)
 * ```
 */
@CoprocessingSpi
public object Crossings {
    /**
     * [value] serialized, or `IllegalArgumentException("Can't pickle <what>: …")` naming [what], the type that
     * cannot be serialized and what to do.
     */
    public fun bytesOf(value: Any?, what: String): ByteArray = Crossing.bytesOf(value, what)

    /** What [bytesOf] serialized, its classes loaded through [classLoader] (`null`: the caller's). */
    public fun read(bytes: ByteArray, classLoader: ClassLoader?): Any? = Crossing.deserialize(bytes, classLoader)

    /** The "Can't pickle …" message for [what], which failed to serialize with [error]. */
    public fun cannotCross(what: String, error: java.io.NotSerializableException): String = Crossing.cannotCross(what, error)
}

/**
 * Workers whose units of work run in places a backend outside the core provides ([WorkerPlaces]): each worker's
 * loop runs on a thread of this JVM, as with worker JVMs, and each unit it takes crosses to its place as one
 * [RemoteWork], whose outcome comes back as bytes.
 *
 * What runs there is serialized once, when it is submitted, so what cannot cross fails in the caller with the
 * spawn message. A place that goes away while it holds a unit fails only that unit, with [WorkerLostError]; the
 * worker opens a new place for its next one, and only when no place can be opened does the worker end as lost.
 */
internal class PlaceWorkers(private val creator: Process, private val places: WorkerPlaces) : WorkerBackend {

    private class Slot(@Volatile var place: WorkerPlace?)

    private val slots = ConcurrentHashMap<Worker, Slot>()

    override fun start(worker: Worker, loop: suspend () -> Int, ended: (code: Int) -> Unit) {
        val runAs = worker.process ?: creator
        val slot = Slot(null)
        slots[worker] = slot
        val thread = libraryThread(worker.name) {
            var code = 1
            try {
                val opened = try {
                    places.open(worker.name)
                } catch (e: Throwable) {
                    // No place for it: the engine breaks rather than start one worker after another.
                    if (worker.signal == 0) worker.engine.startFailed(e)
                    null
                }
                if (opened != null) {
                    slot.place = opened
                    ProcessContext.enter(runAs)
                    code = runBlocking(ProcessContext.elementOf(runAs) + WorkerMarker(worker)) {
                        worker.job = coroutineContext.job
                        loop()
                    }
                } else {
                    code = worker.signal.takeIf { it != 0 } ?: 1
                }
            } catch (e: Throwable) {
                val lost = worker.lostCode
                code = when {
                    worker.signal != 0 -> worker.signal
                    lost != null -> lost.also { worker.died = true }
                    else -> {
                        worker.died = true
                        Unraisable.report("Exception in worker $worker (it ends)", e)
                        1
                    }
                }
            } finally {
                synchronized(worker) { worker.ending = true }
                Thread.interrupted()
                try {
                    slot.place?.let { runCatching { it.close() } }
                    slots.remove(worker)
                    ended(code)
                } finally {
                    ProcessContext.enter(null)
                }
            }
        }
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
        slots[worker]?.place?.let { runCatching { it.stop(kill = worker.signal == Signals.SIGKILL) } }
    }

    override fun prepare(body: Body<*, *>, what: String) {
        if (body.shipped == null) body.shipped = Crossing.bytesOf(body, what)
    }

    override fun prepareCall(fn: Any, what: String): Any = ShippedCall(Crossing.bytesOf(fn, what))

    override suspend fun <A> runOnce(worker: Worker, body: Body<A, *>, arg: A): Any? {
        val outcome = try {
            val argBytes = Crossing.bytesOf(Crossed.wrap(arg), "an item given to $worker")
            run(worker, OnceWork(body.shipped as ByteArray, argBytes)) as PlaceOutcome
        } catch (e: WorkerDied) {
            throw e
        } catch (e: Throwable) {
            if (worker.signal != 0) throw e
            return Failure(0, e) // it could not cross, or its place was lost: the task fails with why
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
            val chunk = ArrayList<Any?>(to - from).apply { for (i in from until to) add(Crossed.wrap(items[i])) }
            run(worker, ChunkWork(body.shipped as ByteArray, Crossing.bytesOf(chunk, "an item given to $worker"))) as PlaceOutcome
        } catch (e: WorkerDied) {
            throw e
        } catch (e: Throwable) {
            if (worker.signal != 0) throw e
            return Failure(from, e)
        }
        // No values when what the chunk returned could not cross back: its failure says why.
        @Suppress("UNCHECKED_CAST")
        val values = outcome.value as Array<Any?>? ?: emptyArray()
        for (i in values.indices) out[from + i - outOffset] = Crossed.restore(values[i])
        return outcome.failure?.let { Failure(from + it.index, it.error) }
    }

    override suspend fun runCall(worker: Worker, fn: Any, suspending: Boolean): Any? {
        val outcome = run(worker, CallWork((fn as ShippedCall).bytes, suspending)) as PlaceOutcome
        outcome.failure?.let { throw it.error }
        return Crossed.restore(outcome.value)
    }

    /**
     * Runs [work] at [worker]'s place: its outcome. A lost place fails the unit with [WorkerLostError] and is
     * replaced before the next unit; when no new place can be had, the worker ends as lost ([WorkerDied]).
     */
    private fun run(worker: Worker, work: RemoteWork): Any? {
        val slot = slots[worker] ?: throw WorkerDied(worker.lostCode ?: 1)
        val place = slot.place ?: try {
            places.open(worker.name).also { slot.place = it }
        } catch (e: Throwable) {
            if (worker.signal != 0) throw e
            throw WorkerDied(1, e)
        }
        val bytes = try {
            place.run(work)
        } catch (e: WorkerPlaceLost) {
            if (worker.signal != 0) throw e
            slot.place = null
            runCatching { place.close() }
            throw WorkerLostError("Worker exited prematurely: ${e.message} ($worker); it runs its next task elsewhere", e.exitCode)
                .apply { initCause(e) }
        }
        return Crossing.deserialize(bytes, SpawnMain.loader)
    }
}

/** A task's function, serialized once when it was submitted. */
private class ShippedCall(val bytes: ByteArray)

/** What a unit returns across: its value (for a chunk, the values up to the failure) and its failure, if any. */
private class PlaceOutcome(val value: Any?, val failure: Failure?) : java.io.Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** The shared part of every unit: how its outcome is written, with what cannot cross replaced by why. */
private abstract class PlaceWork : RemoteWork() {
    override fun run(classLoader: ClassLoader?): ByteArray {
        val outcome = try {
            runBlocking { compute(classLoader) }
        } catch (e: InterruptedException) {
            throw e
        } catch (e: Throwable) {
            PlaceOutcome(null, Failure(0, e))
        }
        return try {
            Crossing.serialize(outcome)
        } catch (e: java.io.NotSerializableException) {
            Crossing.serialize(PlaceOutcome(null, outcome.failure?.let { Failure(it.index, crossable(it.error)) } ?: Failure(0, notCrossing(outcome.value, e))))
        }
    }

    abstract suspend fun compute(classLoader: ClassLoader?): PlaceOutcome

    private fun crossable(error: Throwable): Throwable = try {
        Crossing.serialize(error)
        error
    } catch (_: java.io.NotSerializableException) {
        RemoteError(error.javaClass.name, error.message).also { it.stackTrace = error.stackTrace }
    }

    private fun notCrossing(value: Any?, e: java.io.NotSerializableException) = IllegalArgumentException(
        "Can't pickle the result (a ${value?.javaClass?.name}): it holds a ${e.message}, which is not " +
            "java.io.Serializable; return serializable values from what a worker runs elsewhere",
    )

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** One application of a function (an `apply` task, an initializer). */
private class OnceWork(private val body: ByteArray, private val arg: ByteArray) : PlaceWork() {
    @Suppress("UNCHECKED_CAST")
    override suspend fun compute(classLoader: ClassLoader?): PlaceOutcome {
        val fn = Crossing.deserialize(body, classLoader) as Body<Any?, Any?>
        val outcome = fn.runOnce(Crossed.restore(Crossing.deserialize(arg, classLoader)))
        return if (outcome is Failure) PlaceOutcome(null, outcome) else PlaceOutcome(Crossed.wrap(outcome), null)
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** A chunk of a map: the results up to the first failure, and that failure. */
private class ChunkWork(private val body: ByteArray, private val items: ByteArray) : PlaceWork() {
    @Suppress("UNCHECKED_CAST")
    override suspend fun compute(classLoader: ClassLoader?): PlaceOutcome {
        val fn = Crossing.deserialize(body, classLoader) as Body<Any?, Any?>
        val list = Crossing.deserialize(items, classLoader) as ArrayList<Any?>
        for (i in list.indices) list[i] = Crossed.restore(list[i])
        val out = arrayOfNulls<Any?>(list.size)
        val failure = fn.runChunk(list, 0, list.size, out, 0) { false }
        val values = if (failure == null) out else out.copyOf(failure.index)
        for (i in values.indices) values[i] = Crossed.wrap(values[i])
        return PlaceOutcome(values, failure)
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** An executor's task: a `suspend () -> Any?` or a `Callable`; what it throws is its failure. */
private class CallWork(private val fn: ByteArray, private val suspending: Boolean) : PlaceWork() {
    @Suppress("UNCHECKED_CAST")
    override suspend fun compute(classLoader: ClassLoader?): PlaceOutcome {
        val task = Crossing.deserialize(fn, classLoader)
        return try {
            val value = if (suspending) (task as suspend () -> Any?)() else (task as Callable<Any?>).call()
            PlaceOutcome(Crossed.wrap(value), null)
        } catch (e: InterruptedException) {
            throw e
        } catch (e: Throwable) {
            PlaceOutcome(null, Failure(0, e))
        }
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
