package dev.coprocessing.manager

import dev.coprocessing.sync.AbstractLock
import kotlin.coroutines.cancellation.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job

/**
 * The objects of a manager in this JVM: each is the object itself (a `LinkedHashMap` for a dict, a plain
 * `Lock` for a lock), and a proxy's op is applied to it directly, in the caller's thread and coroutine, so
 * locks are held by the caller that asked and waits run on its coroutine time. A [StateOp] runs under the
 * object's monitor: one at a time per object.
 *
 * [owner] names the manager in messages. [newLock] makes the lock of a value or array that [restore] creates.
 * A [standalone] backend (behind the top-level `Value` and `Array`) never shuts down and keeps no list of its
 * objects, so nothing holds them once they are dropped.
 */
internal class LocalBackend(
    private val owner: String,
    private val newLock: () -> AbstractLock,
    private val standalone: Boolean = false,
) : ManagerBackend {
    private class LocalHandle<T : Any>(backend: LocalBackend, name: String, kind: Kind, @JvmField val referent: T) :
        Handle<T>(backend, name, kind)

    @Volatile private var down = false
    private val closed = CompletableDeferred<Unit>()
    private val named = LinkedHashMap<String, LocalHandle<*>>()   // guarded by this: the objects snapshots keep
    private var made = 0                                          // guarded by this

    override val isShutdown: Boolean get() = down

    /** What an op's outcome is before the op has returned. */
    private object Unset

    override fun <T : Any> open(spec: ObjectSpec<T>): Handle<T> = synchronized(this) {
        if (down) throw shutDown("no new objects can be made")
        if (standalone || !spec.kind.saved) return LocalHandle(this, "${spec.kind.label}-${++made}", spec.kind, spec.make())
        val name = spec.name
        if (name != null) {
            named[name]?.let { existing ->
                require(existing.kind == spec.kind) {
                    "$owner already has ${existing.described}, so it cannot make a ${spec.kind.label} of that name: " +
                        "choose another name, or ask for a ${existing.kind.label}"
                }
                @Suppress("UNCHECKED_CAST")
                return existing as Handle<T>
            }
        }
        val handle = LocalHandle(this, name ?: freeName(spec.kind), spec.kind, spec.make())
        named[handle.name] = handle
        handle
    }

    private fun freeName(kind: Kind): String {
        var name: String
        do name = "${kind.label}-${++made}" while (name in named)
        return name
    }

    override fun <T : Any, R> call(handle: Handle<T>, op: Op<T, R>): R {
        val target = referentOf(handle)
        return if (op is StateOp) synchronized(target) { op.applyTo(target) } else op.applyTo(target)
    }

    override suspend fun <T : Any, R> await(handle: Handle<T>, op: WaitingOp<T, R>): R {
        val target = referentOf(handle)
        val now = op.applyNow(target)
        @Suppress("UNCHECKED_CAST")
        if (now !== WouldWait) return now as R
        var outcome: Any? = Unset
        try {
            // Scoped code acts for its caller, so a lock taken in here is the caller's; shutdown cancels only this scope.
            coroutineScope {
                val scope = coroutineContext.job
                val stop = closed.invokeOnCompletion { scope.cancel(CancellationException("Manager has shut down")) }
                try {
                    outcome = op.applyTo(target)
                } finally {
                    stop.dispose()
                }
            }
        } catch (e: CancellationException) {
            // What the op did stands (an item taken, a lock acquired) even if the caller was cancelled just after:
            // it would be lost otherwise. The caller sees its cancellation at its next suspension.
            if (outcome === Unset) {
                if (down && currentCoroutineContext().isActive) throw shutDown("${handle.described} was waited on")
                throw e
            }
        }
        @Suppress("UNCHECKED_CAST")
        return outcome as R
    }

    private fun <T : Any> referentOf(handle: Handle<T>): T {
        if (down) throw shutDown("${handle.described} can no longer be used")
        @Suppress("UNCHECKED_CAST")
        return (handle as LocalHandle<T>).referent
    }

    override fun snapshot(): List<SavedObject> {
        val handles = synchronized(this) {
            if (down) throw shutDown("its state can no longer be saved")
            named.values.toList()
        }
        return handles.map { handle -> SavedObject(handle.name, handle.kind, synchronized(handle.referent) { contentOf(handle.referent) }) }
    }

    private fun contentOf(referent: Any): Any? = when (referent) {
        is Cell -> Copies.of(referent.value)
        is Cells -> referent.items.map(Copies::of)
        else -> Copies.of(referent)   // a dict's or namespace's map, a list
    }

    override fun restore(objects: List<SavedObject>): Unit = synchronized(this) {
        if (down) throw shutDown("no state can be loaded into it")
        // Everything is checked before anything changes, so a snapshot that does not fit leaves the state as it was.
        for (saved in objects) {
            val existing = named[saved.name] ?: continue
            require(existing.kind == saved.kind) {
                "cannot load the manager's state: the snapshot holds a ${saved.kind.label} named '${saved.name}', but " +
                    "$owner has ${existing.described}; nothing was loaded: load it into a manager without that object, " +
                    "or rename one of them"
            }
            val cells = existing.referent as? Cells ?: continue
            val size = (saved.content as List<*>).size
            require(cells.items.size == size) {
                "cannot load the manager's state: the snapshot's array '${saved.name}' has $size items, but $owner's has " +
                    "${cells.items.size}, and an array's size is fixed; nothing was loaded"
            }
        }
        for (saved in objects) {
            val existing = named[saved.name]
            if (existing == null) {
                val spec = when (saved.kind) {
                    Kind.DICT -> ObjectSpec.Dict(saved.name, saved.content as Map<*, *>)
                    Kind.LIST -> ObjectSpec.Items(saved.name, saved.content as List<*>)
                    @Suppress("UNCHECKED_CAST")
                    Kind.NAMESPACE -> ObjectSpec.Namespace(saved.name, saved.content as Map<String, *>)
                    Kind.VALUE -> ObjectSpec.Value(saved.name, saved.content, newLock())
                    Kind.ARRAY -> ObjectSpec.Array(saved.name, saved.content as List<*>, newLock())
                    else -> error("a ${saved.kind.label} is not kept by snapshots")
                }
                open(spec)
            } else {
                replace(existing.referent, saved.content)
            }
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun replace(referent: Any, content: Any?): Unit = synchronized(referent) {
        when (referent) {
            is Cell -> referent.value = content
            is Cells -> (content as List<*>).forEachIndexed { i, item -> referent.items[i] = item }
            is ArrayList<*> -> (referent as ArrayList<Any?>).run { clear(); addAll(content as List<*>) }
            is LinkedHashMap<*, *> -> (referent as LinkedHashMap<Any?, Any?>).run { clear(); putAll(content as Map<*, *>) }
            else -> error("cannot restore a ${referent.javaClass.name}")
        }
    }

    override fun shutdown() {
        if (standalone) return
        synchronized(this) {
            if (down) return
            down = true
        }
        closed.complete(Unit)
    }

    private fun shutDown(what: String) = IllegalStateException(
        "Manager has shut down: $what. Use a manager's objects before it shuts down (inside manager { }, or before " +
            "shutdown()/close()), or make a new Manager() ($owner)",
    )
}
