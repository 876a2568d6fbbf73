package dev.coprocessing.internal

import java.util.Collections
import java.util.IdentityHashMap
import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicLong

/**
 * Everything the library has started and not yet seen end: processes, worker threads, pools and
 * executors. Structured concurrency promises this is empty once every scope that started something has
 * ended; the test suite checks that promise after every spec.
 */
internal object LiveResources {
    /** Each resource maps to how to describe it: a `() -> String`, or the resource itself (its `toString()`). */
    private val live: MutableMap<Any, Any> = Collections.synchronizedMap(IdentityHashMap())

    /** Records [resource] as running until [closed] is called with it. */
    fun opened(resource: Any, description: () -> String) {
        live[resource] = description
    }

    /** Records [resource], described by its own `toString()`, at the cost of one map entry and no allocation. */
    fun opened(resource: Any) {
        live[resource] = resource
    }

    fun closed(resource: Any) {
        live.remove(resource)
    }

    /** What is still running, the resources themselves (the process dump finds its processes here). */
    fun resources(): List<Any> = synchronized(live) { live.keys.toList() }

    /** Descriptions of what is still running. */
    @Suppress("UNCHECKED_CAST")
    fun snapshot(): List<String> =
        synchronized(live) { live.values.toList() }.map { if (it is Function0<*>) (it as () -> String)() else it.toString() }
}


/**
 * A platform thread that the library owns, counted in [LiveResources] while [body] runs. Daemon by
 * default: the library joins its threads itself and must never keep a JVM alive on its own.
 */
internal fun libraryThread(name: String, daemon: Boolean = true, body: () -> Unit): Thread {
    lateinit var thread: Thread
    thread = Thread({
        try {
            body()
        } finally {
            LiveResources.closed(thread)
        }
    }, name)
    thread.isDaemon = daemon
    LiveResources.opened(thread) { "thread '${thread.name}'" }
    return thread
}

/** A [ThreadFactory] of [libraryThread]s named `prefix-1`, `prefix-2`, ... */
internal fun libraryThreadFactory(prefix: String, daemon: Boolean = true): ThreadFactory {
    val count = AtomicLong()
    return ThreadFactory { runnable -> libraryThread("$prefix-${count.incrementAndGet()}", daemon) { runnable.run() } }
}

