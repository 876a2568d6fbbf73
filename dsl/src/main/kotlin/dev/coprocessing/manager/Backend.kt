package dev.coprocessing.manager

/**
 * Where a manager's objects live, and the one way proxies reach them. Every proxy operation is an [Op] (or a
 * [WaitingOp], for one that may wait) handed to [call] (or [await]) with the [Handle] of its object: the proxy
 * holds no state of its own. [LocalBackend] keeps the objects in this JVM and applies each op to the object
 * itself; a backend for worker JVMs or a cluster would ship the op (a small object holding only its arguments)
 * to where the object lives and apply it there, as CPython's manager server runs `_callmethod(name, args)`.
 *
 * ```kotlin
 * val handle = backend.open(ObjectSpec.Dict(name = null, initial = emptyMap()))
 * handle.call(DictOps.Set("count", 5))
 * ```
 */
internal interface ManagerBackend {
    /** Whether [shutdown] has been called: then every call fails with `IllegalStateException("Manager has shut down")`. */
    val isShutdown: Boolean

    /** Makes the object [spec] describes, or finds the one of that kind already named [ObjectSpec.name]. */
    fun <T : Any> open(spec: ObjectSpec<T>): Handle<T>

    /** Applies [op] to [handle]'s object and returns its result. Never waits; a [StateOp] runs alone on its object. */
    fun <T : Any, R> call(handle: Handle<T>, op: Op<T, R>): R

    /**
     * Applies [op], which may wait, to [handle]'s object, on behalf of the calling coroutine. Cancellable; a
     * [shutdown] while it waits ends it with `IllegalStateException("Manager has shut down")`.
     */
    suspend fun <T : Any, R> await(handle: Handle<T>, op: WaitingOp<T, R>): R

    /** The state of every object that a snapshot keeps (dicts, lists, namespaces, values, arrays), each copied. */
    fun snapshot(): List<SavedObject>

    /**
     * Replaces the state of the objects named in [objects] (making those that do not exist yet), after checking
     * that every one fits; if one does not, it throws `IllegalArgumentException` and changes nothing.
     */
    fun restore(objects: List<SavedObject>)

    /** Refuses every later call and ends every waiting one. Calling it again does nothing. */
    fun shutdown()
}

/**
 * A name for one object of a [ManagerBackend]: what a proxy holds. [name] is the object's name within its
 * manager (given, or made from its kind: `dict-1`), [kind] what it is.
 */
internal abstract class Handle<T : Any>(val backend: ManagerBackend, val name: String, val kind: Kind) {
    fun <R> call(op: Op<T, R>): R = backend.call(this, op)

    suspend fun <R> await(op: WaitingOp<T, R>): R = backend.await(this, op)

    /** What the object is called in messages: `dict 'counts'`. */
    val described: String get() = "${kind.label} '$name'"

    private companion object {
        init {
            ManagerSharing.register()
        }
    }
}

/** An operation on an object of type [T] that never waits, returning [R]. */
internal interface Op<in T : Any, out R> : java.io.Serializable {
    fun applyTo(target: T): R
}

/**
 * An [Op] on the state of a data object (a dict, list, namespace, value or array): the backend runs it alone on
 * its object, so each one is atomic, as one call on a CPython proxy is.
 */
internal interface StateOp<in T : Any, out R> : Op<T, R>

/** An operation that may wait (acquire a lock, get from a queue); cancellable. */
internal interface WaitingOp<in T : Any, out R> : java.io.Serializable {
    suspend fun applyTo(target: T): R

    /**
     * The op done at once, when it needs no waiting, or [WouldWait]: a backend tries this before it prepares to
     * wait, which costs more than the op (a scope that shutdown can cancel). The default never tries.
     */
    fun applyNow(target: T): Any? = WouldWait
}

/** What [WaitingOp.applyNow] returns when the op would have to wait. */
internal object WouldWait

/** The kinds of object a manager makes; [saved] ones are kept by snapshots. */
internal enum class Kind(val label: String, val saved: Boolean) {
    DICT("dict", true),
    LIST("list", true),
    NAMESPACE("namespace", true),
    VALUE("value", true),
    ARRAY("array", true),
    LOCK("Lock", false),
    RLOCK("RLock", false),
    SEMAPHORE("Semaphore", false),
    BOUNDED_SEMAPHORE("BoundedSemaphore", false),
    EVENT("Event", false),
    CONDITION("Condition", false),
    BARRIER("Barrier", false),
    QUEUE("Queue", false),
    ;

    companion object {
        fun ofLabel(label: String): Kind? = entries.firstOrNull { it.saved && it.label == label }
    }
}

/** One saved object: its [name], [kind] and [content] (see [ObjectSpec] for each kind's shape), already copied. */
internal class SavedObject(val name: String, val kind: Kind, val content: Any?)
