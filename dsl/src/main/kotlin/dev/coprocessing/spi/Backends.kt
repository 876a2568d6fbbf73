package dev.coprocessing.spi

import dev.coprocessing.internal.LiveResources

/**
 * Marks the service-provider interface through which another artifact (`coprocessing-hazelcast`) plugs a place
 * for workers into the library: **for backends, not for applications**. Its declarations may change in any
 * release without notice; using one is a compile error unless the caller opts in with
 * `@OptIn(CoprocessingSpi::class)`, as kotlinx's `@InternalCoroutinesApi` asks.
 *
 * ```kotlin
 * @OptIn(CoprocessingSpi::class)
 * class MyContext : BaseContext("mine") {
 *     override fun workerPlaces(): WorkerPlaces = MyPlaces()
 * }
 * ```
 */
@RequiresOptIn(
    level = RequiresOptIn.Level.ERROR,
    message = "This is the library's interface for backends (where workers run), not for applications: it may change in any release.",
)
@Retention(AnnotationRetention.BINARY)
@Target(
    AnnotationTarget.CLASS,
    AnnotationTarget.FUNCTION,
    AnnotationTarget.PROPERTY,
    AnnotationTarget.CONSTRUCTOR,
    AnnotationTarget.TYPEALIAS,
)
public annotation class CoprocessingSpi

/**
 * Where the workers of a pool or executor made with a context run, for a backend outside the core (a cluster).
 * A `BaseContext` subclass supplies one from `workerPlaces()`; each worker the engine starts asks it for a place
 * with [open], and runs every unit of its work there, one at a time.
 *
 * The engine still owns everything else: the worker's loop on a thread of this JVM, results, callbacks,
 * `terminate()`, and the errors users see.
 *
 * ```kotlin
 * override fun open(name: String): WorkerPlace = MemberPlace(name, nextMember())
 * ```
 */
@CoprocessingSpi
public interface WorkerPlaces {
    /**
     * A place for the worker named [name] (`SpawnPoolWorker-3`), which runs there until it ends or the place is
     * lost. Called on the worker's own thread; it may block. What it throws fails the worker's start: the pool
     * or executor breaks with it (as when every member of a cluster has gone).
     */
    public fun open(name: String): WorkerPlace
}

/**
 * One worker's place: runs its units of work and says when it has gone.
 *
 * ```kotlin
 * override fun run(work: RemoteWork): ByteArray = executor.submitToMember(MemberTask(work), member).get()
 * ```
 */
@CoprocessingSpi
public interface WorkerPlace {
    /**
     * Ships [work] to the place, has [RemoteWork.run] called there, and returns the bytes it returned, blocking
     * the worker's thread meanwhile. Throws [WorkerPlaceLost] when the place went away before the answer came
     * (the unit then fails with `WorkerLostError`, and the worker opens a new place for its next unit); a stop
     * interrupts the thread, and [stop] is called too.
     */
    public fun run(work: RemoteWork): ByteArray

    /** Stops the unit running there now, as `terminate()` ([kill] false) or `kill()`; called from any thread. */
    public fun stop(kill: Boolean)

    /** The worker has ended or moves elsewhere: releases the place. Called once. */
    public fun close()
}

/**
 * Thrown by [WorkerPlace.run] when the place went away while it held a unit (a cluster member that left): that
 * unit fails with `WorkerLostError`, carrying [message] and [exitCode] (-1 when the place has none).
 *
 * ```kotlin
 * throw WorkerPlaceLost("member $member left the cluster while it ran the task", cause = e)
 * ```
 */
@CoprocessingSpi
public class WorkerPlaceLost @JvmOverloads constructor(
    message: String,
    /** How the place ended, if it says (an exit code), or -1. */
    public val exitCode: Int = -1,
    cause: Throwable? = null,
) : RuntimeException(message, cause)

/**
 * A unit of work as it crosses to a place: a task, a chunk of a map, an initializer. Made by the library only;
 * a backend ships it (it is `java.io.Serializable`, and holds only bytes) and calls [run] where it arrives.
 *
 * ```kotlin
 * class MemberTask(private val work: RemoteWork) : Callable<ByteArray>, Serializable {
 *     override fun call(): ByteArray = work.run(MemberTask::class.java.classLoader)
 * }
 * ```
 */
@CoprocessingSpi
public abstract class RemoteWork internal constructor() : java.io.Serializable {
    /**
     * Runs the unit here, loading its classes through [classLoader], and returns its outcome as bytes for the
     * caller's [WorkerPlace.run] to return. The unit's own failure is part of the outcome: this throws only if
     * the work cannot even be read (a class missing here). Interrupting the thread stops the unit.
     */
    public abstract fun run(classLoader: ClassLoader?): ByteArray

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * The registry of what the library has started and not yet seen end, for a backend's own resources (an
 * embedded cluster member) and its tests: the core's leak check and its process dump see what is recorded here.
 *
 * ```kotlin
 * BackendResources.opened(member) { "Hazelcast member ${member.name}" }
 * // ... when it has shut down:
 * BackendResources.closed(member)
 * ```
 */
@CoprocessingSpi
public object BackendResources {
    /** Records [resource] as running, described by [description], until [closed]. */
    public fun opened(resource: Any, description: () -> String): Unit = LiveResources.opened(resource, description)

    /** [resource] has ended. */
    public fun closed(resource: Any): Unit = LiveResources.closed(resource)

    /** What the library has started and not seen end: one description each. Empty once every scope has ended. */
    public fun live(): List<String> = LiveResources.snapshot()
}
