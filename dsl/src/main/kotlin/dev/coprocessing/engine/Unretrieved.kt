package dev.coprocessing.engine

import dev.coprocessing.internal.Unraisable
import java.lang.ref.PhantomReference
import java.lang.ref.ReferenceQueue
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean

/**
 * Makes sure a task's exception is never lost (CPython #120508, and every Java executor): a failed result
 * (an `AsyncResult` or a `Future`) whose exception no one has retrieved is reported once, when the result is
 * dropped (found by the garbage collector) or when its pool or executor has shut down, whichever comes first.
 *
 * Only failures are watched, so work that succeeds pays nothing here. A watch holds the exception, never the
 * result, so a dropped result can be collected; the queue of dropped results is polled on the owner's own
 * activity (each submission) and at shutdown, so no thread waits on it.
 *
 * ```kotlin
 * val unretrieved = Unretrieved({ pool.toString() }, "AsyncResult", "call AsyncResult.get()")
 * val watch = unretrieved.watch(result, error, "<AsyncResult at 0x1b6d3586 ready failed IOException>")
 * watch.retrieved()   // someone called get(): nothing will be reported
 * ```
 */
internal class Unretrieved(
    /** The owner as reports name it: `<Pool state=RUN pool_size=4>`. */
    private val owner: () -> String,
    /** What a result is called in reports: `AsyncResult`, `future`. */
    private val resultName: String,
    /** How a user retrieves the exception, for the report's advice: "call AsyncResult.get() or ...". */
    private val advice: String,
) {
    private val dropped = ReferenceQueue<Any>()
    private val watched: MutableSet<Watch> = ConcurrentHashMap.newKeySet()

    /** The failure of one result, reported once unless retrieved first. */
    inner class Watch(result: Any, private val error: Throwable, private val describe: String) :
        PhantomReference<Any>(result, dropped) {
        private val settled = AtomicBoolean()

        /** The exception reached user code: nothing to report. */
        fun retrieved() {
            if (!settled.compareAndSet(false, true)) return
            watched.remove(this)
            clear()
        }

        fun report(why: String) {
            if (!settled.compareAndSet(false, true)) return
            watched.remove(this)
            Unraisable.report("Exception in a task of ${owner()}, never retrieved $why ($advice): $describe", error)
        }
    }

    /**
     * Starts watching [result], which failed with [error] that no one has seen yet. [describe] is the result as
     * the report names it, computed now: by the time it is reported, the result may be gone.
     */
    fun watch(result: Any, error: Throwable, describe: String): Watch = Watch(result, error, describe).also { watched += it }

    /** Reports the failures of results dropped since the last poll. Cheap when there are none. */
    fun poll() {
        while (true) {
            val watch = dropped.poll() as Watch? ?: return
            watch.report("before its $resultName was dropped")
        }
    }

    /** Whether no failure is waiting to be retrieved or reported. */
    fun isEmpty(): Boolean = watched.isEmpty()

    /** Reports every failure still unretrieved: the owner has shut down. */
    fun reportAll() {
        poll()
        val left = watched.toList()
        val why = "before ${owner()} shut down"
        left.forEach { it.report(why) }
    }
}
