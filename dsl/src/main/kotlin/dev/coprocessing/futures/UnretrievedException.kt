package dev.coprocessing.futures

import java.lang.ref.ReferenceQueue
import java.lang.ref.WeakReference
import java.util.concurrent.atomic.AtomicBoolean

/**
 * A task's exception that nobody has retrieved yet. It is reported once on stderr when its future is
 * garbage-collected or its executor has shut down, whichever comes first, unless [Future.result],
 * [Future.exception] (or a conversion that takes the outcome over) retrieved it before: Java executors and
 * CPython both let such exceptions vanish (CPython #120508).
 *
 * Tracking needs no thread of its own: collected futures are noticed when the next task is submitted and
 * when an executor terminates.
 */
internal class UnretrievedException(
    future: Future<*>,
    private val error: Throwable,
    private val pool: WorkerPool,
) : WeakReference<Future<*>>(future, collected) {
    private val settled = AtomicBoolean()
    // Written while the future is finishing, so its state is spelled out rather than read.
    private val description = "<Future at 0x${Integer.toHexString(System.identityHashCode(future))} state=finished " +
        "raised ${error::class.simpleName ?: error.javaClass.name}>"

    init {
        pool.unretrieved += this
    }

    /** The exception reached user code: nothing to report. */
    fun retrieved() {
        if (settled.compareAndSet(false, true)) pool.unretrieved -= this
    }

    fun report(why: String) {
        if (!settled.compareAndSet(false, true)) return
        pool.unretrieved -= this
        synchronized(System.err) {
            System.err.println("coprocessing: exception in a task of ${pool.owner} was never retrieved ($why): $description")
            error.printStackTrace()
        }
    }

    companion object {
        private val collected = ReferenceQueue<Future<*>>()

        /** Reports the exceptions of futures collected since the last call. Cheap when there are none. */
        fun reportCollected() {
            while (true) {
                val ref = collected.poll() ?: return
                (ref as UnretrievedException).report("its future was dropped")
            }
        }
    }
}
