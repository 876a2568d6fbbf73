package dev.coprocessing.process

import kotlin.coroutines.CoroutineContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.asContextElement

/**
 * Which [Process] the running code belongs to. A thread-local that kotlinx.coroutines sets on every
 * resumption of a process's coroutines (a `ThreadContextElement`), and that a blocking target's own thread
 * sets once, so `currentProcess()` is one read on any thread and needs no suspension.
 */
internal object ProcessContext {
    private val current = ThreadLocal<Process?>()

    /** The process the calling code runs in, or `null` outside every `multiprocessing { }` block. */
    fun currentOrNull(): Process? = current.get()

    /** The context element that makes [process] current in the coroutines that carry it. */
    fun elementOf(process: Process): CoroutineContext = current.asContextElement(process)

    /** Carries the current thread's process into a coroutine started for a blocking twin. */
    fun ofCurrentThread(): CoroutineContext = current.get()?.let(::elementOf) ?: EmptyCoroutineContext

    /**
     * Makes [process] current on this thread from now on (`null`: none), for a worker thread that belongs to
     * one process for as long as it runs its tasks.
     */
    fun enter(process: Process?) {
        if (process == null) current.remove() else current.set(process)
    }

    /** Makes [process] current on this thread while [body] runs (`null`: none). */
    inline fun <T> runAs(process: Process?, body: () -> T): T {
        val previous = current.get()
        current.set(process)
        try {
            return body()
        } finally {
            current.set(previous)
        }
    }
}
