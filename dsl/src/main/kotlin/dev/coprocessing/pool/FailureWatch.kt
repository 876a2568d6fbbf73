package dev.coprocessing.pool

import java.lang.ref.PhantomReference
import java.lang.ref.ReferenceQueue
import java.util.Collections
import java.util.IdentityHashMap

/**
 * Makes sure a task's exception is never lost (CPython #120508): a failed [AsyncResult] whose exception no one
 * has retrieved (no `get()`, no `errorCallback`) is reported once on stderr, when the result is dropped (found
 * by the garbage collector) or when the pool shuts down, whichever comes first.
 *
 * Only failures are watched, so a pool whose tasks succeed pays nothing here. The watch holds the exception,
 * never the result, so that a dropped result can be collected; the queue is polled on the pool's own activity
 * (each submission) and at shutdown, so no thread waits on it.
 */
internal class FailureWatch(private val poolName: () -> String) {
    private val dropped = ReferenceQueue<Any>()
    private val watched: MutableSet<Watch> = Collections.synchronizedSet(Collections.newSetFromMap(IdentityHashMap()))

    /** The failure of one result, reported when that result is collected unretrieved. */
    inner class Watch(result: Any, val error: Throwable) : PhantomReference<Any>(result, dropped) {
        /** The result's exception reached someone: nothing to report. */
        fun retrieved() {
            watched.remove(this)
            clear()
        }
    }

    /** Starts watching [result], which failed with [error] that no one has seen yet. */
    fun watch(result: Any, error: Throwable): Watch = Watch(result, error).also { watched += it }

    /** Reports the failures of results dropped since the last poll. */
    fun poll() {
        while (true) {
            val watch = dropped.poll() as Watch? ?: return
            if (watched.remove(watch)) report(watch.error, "before its AsyncResult was dropped")
        }
    }

    /** Reports every failure still unretrieved; called once, when the pool has shut down. */
    fun reportAll() {
        poll()
        val left = synchronized(watched) { watched.toList().also { watched.clear() } }
        left.forEach { report(it.error, "before ${poolName()} shut down") }
    }

    private fun report(error: Throwable, whenDropped: String) {
        synchronized(System.err) {
            System.err.println(
                "Exception in a pool task, never retrieved $whenDropped " +
                    "(call AsyncResult.get() or pass an errorCallback to handle it):",
            )
            error.printStackTrace()
        }
    }
}

/** Reports an exception thrown by user code the pool calls back (a progress listener), which must not stop it. */
internal fun reportCallbackFailure(what: String, error: Throwable) {
    synchronized(System.err) {
        System.err.println("Exception in $what (ignored; the pool goes on):")
        error.printStackTrace()
    }
}
