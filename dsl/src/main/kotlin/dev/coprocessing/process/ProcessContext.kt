package dev.coprocessing.process

import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.currentCoroutineContext

/**
 * Which [Process] the running code belongs to.
 *
 * Suspend code reads it from its own coroutine context ([of]): that is exact wherever the coroutine happens
 * to resume. Plain functions (`currentProcess()`, `start()`, a constructor) cannot see a coroutine context, so
 * each thread also records the context of the coroutine it is running right now, set by kotlinx.coroutines
 * on every resumption through [ProcessElement] (a `ThreadContextElement`), and once by a thread that belongs
 * to one process (a blocking target's own thread, a worker thread). Reading it is one thread-local read.
 */
internal object ProcessContext {
    /** The context of the coroutine running on this thread, or of the process a library thread belongs to. */
    private val running = ThreadLocal<CoroutineContext?>()

    /** The process the code on this thread runs in, or `null` outside every `multiprocessing { }` block. */
    fun currentOrNull(): Process? = running.get()?.get(ProcessElement)?.process

    /** The process a coroutine with [context] runs in: exact, whatever thread it is on. */
    fun of(context: CoroutineContext): Process? = context[ProcessElement]?.process

    /** The process the calling coroutine runs in ([Process.outside] outside every block): exact, on any thread. */
    suspend fun current(): Process = of(currentCoroutineContext()) ?: Process.outside

    /** The coroutine context of the code running on this thread, as far as a plain function can know it. */
    fun runningContext(): CoroutineContext? = running.get()

    /** The context element that makes [process] current in the coroutines that carry it. */
    fun elementOf(process: Process): CoroutineContext = ProcessElement(process)

    /** Carries the current thread's process into a coroutine started for a blocking twin. */
    fun ofCurrentThread(): CoroutineContext = currentOrNull()?.let(::elementOf) ?: EmptyCoroutineContext

    /**
     * Makes [process] current on this thread from now on (`null`: none), for a worker thread that belongs to
     * one process for as long as it runs its tasks.
     */
    fun enter(process: Process?) {
        if (process == null) running.remove() else running.set(ProcessElement(process))
    }

    /** Makes [process] current on this thread while [body] runs (`null`: none). */
    inline fun <T> runAs(process: Process?, body: () -> T): T {
        val previous = running.get()
        running.set(process?.let(::elementOf))
        try {
            return body()
        } finally {
            running.set(previous)
        }
    }

    /**
     * Marks the coroutines of [process]. On every resumption it records the resumed coroutine's whole context
     * as the thread's running context (so a plain call sees the process and the coroutine), and puts the
     * previous one back when the coroutine suspends.
     */
    private class ProcessElement(val process: Process) :
        AbstractCoroutineContextElement(ProcessElement), ThreadContextElement<CoroutineContext?> {
        companion object Key : CoroutineContext.Key<ProcessElement>

        override fun updateThreadContext(context: CoroutineContext): CoroutineContext? =
            running.get().also { running.set(context) }

        override fun restoreThreadContext(context: CoroutineContext, oldState: CoroutineContext?) {
            running.set(oldState)
        }

        override fun toString(): String = "Process(${process.name})"
    }
}
