package dev.coprocessing.spawn

import dev.coprocessing.internal.libraryThread
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessSpawner
import dev.coprocessing.process.Signals
import dev.coprocessing.process.SpawnedProcess
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.completeWith
import kotlinx.coroutines.withContext

/**
 * The `"spawn"` start method for processes: each one a worker JVM that runs its target as its main process,
 * named as the process is, and exits when the target is done.
 */
internal class SpawnProcesses(private val jvmOptions: List<String>) : ProcessSpawner {
    override fun launch(process: Process, what: Any): SpawnedProcess {
        val described = if (what === process) "the process object ${process.name} (a ${process.javaClass.name})" else "the target of ${process.name}"
        val target = Crossing.ship(what, described)
        val task = Crossing.shipValue(ProcessTask(process.name, process.daemon, target), described)
        return SpawnedJvm(process, WorkerJvm.launch(process.name, jvmOptions), task)
    }
}

/**
 * A process running in a worker JVM. A thread of its own waits for the JVM to call back, runs the process's
 * [task] there and closes the JVM; [await] waits for that thread's outcome.
 */
private class SpawnedJvm(private val process: Process, private val launch: WorkerJvm.Companion.Launch, task: SerializedFunction) : SpawnedProcess {
    private val outcome = CompletableDeferred<Int>()

    init {
        libraryThread("spawn-${launch.pid}") { outcome.completeWith(runCatching { runTask(task) }) }.start()
    }

    override val pid: Long get() = launch.pid

    private fun runTask(task: SerializedFunction): Int {
        val jvm = try {
            launch.awaitLinked()
        } catch (e: WorkerJvmLost) {
            return e.exitCode
        }
        jvm.peer = process
        try {
            jvm.callSerialized(task)
            return 0
        } catch (e: WorkerJvmExit) {
            return e.code
        } catch (e: WorkerJvmLost) {
            return e.exitCode
        } finally {
            jvm.close()
        }
    }

    override suspend fun await(): Int = try {
        outcome.await()
    } catch (e: CancellationException) {
        signal(Signals.SIGTERM)
        withContext(NonCancellable) { outcome.join() }
        throw e
    }

    override fun signal(signal: Int) {
        val handle = launch.process.toHandle()
        if (signal == Signals.SIGKILL) handle.destroyForcibly() else handle.destroy()
    }
}

/** What a spawned process's JVM runs: the target, as the main process of that JVM, named as in the parent. */
private class ProcessTask(private val name: String, private val daemon: Boolean, private val target: SerializedFunction) : RemoteTask {
    override suspend fun runRemote(): Any? {
        val main = Process.newSpawnedMain(name, daemon)
        main.runAsMain {
            Process.runSpawnTarget(Crossing.deserialize(target.bytes, SpawnMain.loader)!!, name)
        }
        return null
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
