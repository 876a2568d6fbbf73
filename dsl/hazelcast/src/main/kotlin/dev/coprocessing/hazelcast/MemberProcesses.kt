@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.hazelcast

import com.hazelcast.cluster.Member
import com.hazelcast.core.HazelcastInstance
import com.hazelcast.core.HazelcastInstanceAware
import dev.coprocessing.WorkerLostError
import dev.coprocessing.context.getContext
import dev.coprocessing.process.Process
import dev.coprocessing.spawn.Crossings
import dev.coprocessing.spi.CoprocessingSpi
import java.util.concurrent.Callable
import java.util.concurrent.CompletionException
import java.util.concurrent.CompletionStage
import java.util.concurrent.ExecutionException
import java.util.concurrent.Future
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Processes whose target runs on a member: a process of this JVM (a coroutine, whatever the start method) whose
 * body ships the target to the member, waits for it, and rethrows what it threw, so `join`, `exitCode` and
 * `terminate` (which cancels the member's run, interrupting it there) keep their meaning.
 */
internal object MemberProcesses {
    fun process(ctx: HazelcastContext, name: String?, daemon: Boolean, member: Member?, target: suspend () -> Unit): Process {
        val bytes = Crossings.bytesOf(target, "the target of ${name ?: "a process"} on the cluster")
        // A coroutine process whatever the start method: only the target crosses, never this body.
        return getContext("coroutine").Process(name, daemon) { runThere(ctx, member, bytes, name) }
    }

    private suspend fun runThere(ctx: HazelcastContext, member: Member?, bytes: ByteArray, name: String?) {
        val target = member ?: ctx.places.next()
        val future = ctx.executor.submitToMember(ProcessTask(bytes), target)
        val failure = try {
            future.awaitCancelling()
        } catch (e: Throwable) {
            if (e.isMemberLoss()) {
                throw WorkerLostError("Worker exited prematurely: member ${target.address} left the cluster while it ran ${name ?: "the process"}", -1)
                    .apply { initCause(e) }
            }
            throw e
        }
        failure?.let { throw it }
    }
}

/** Waits for a member's answer; cancelling the wait cancels the run on the member, interrupting it there. */
@Suppress("UNCHECKED_CAST")
internal suspend fun <T> Future<T>.awaitCancelling(): T {
    if (this is CompletionStage<*>) {
        return suspendCancellableCoroutine { cont ->
            (this as CompletionStage<T>).whenComplete { value, error ->
                if (error == null) cont.resume(value) else cont.resumeWithException(unwrapped(error))
            }
            cont.invokeOnCancellation { cancel(true) }
        }
    }
    try {
        while (!isDone) delay(5.milliseconds)
        return get()
    } catch (e: ExecutionException) {
        throw unwrapped(e)
    } finally {
        if (!isDone) cancel(true)
    }
}

private fun unwrapped(e: Throwable): Throwable =
    if ((e is CompletionException || e is ExecutionException) && e.cause != null) unwrapped(e.cause!!) else e

/** A process's target as a member runs it: `null` when it returned, else what it threw (made to cross). */
internal class ProcessTask(private val target: ByteArray) : Callable<Throwable?>, java.io.Serializable, HazelcastInstanceAware {
    @Transient private var instance: HazelcastInstance? = null

    override fun setHazelcastInstance(hazelcastInstance: HazelcastInstance) {
        instance = hazelcastInstance
    }

    @Suppress("UNCHECKED_CAST")
    override fun call(): Throwable? = OnMember.within(instance) {
        val fn = Crossings.read(target, OnMember.classLoader(instance)) as suspend () -> Unit
        try {
            runBlocking { fn() }
            null
        } catch (e: InterruptedException) {
            throw e
        } catch (e: Throwable) {
            crossable(e)
        }
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** [error] itself if it can cross, else a `RuntimeException` with its type, message and stack trace. */
internal fun crossable(error: Throwable): Throwable = try {
    Crossings.bytesOf(error, "an exception")
    error
} catch (_: IllegalArgumentException) {
    RuntimeException("${error.javaClass.name}: ${error.message}").also { it.stackTrace = error.stackTrace }
}
