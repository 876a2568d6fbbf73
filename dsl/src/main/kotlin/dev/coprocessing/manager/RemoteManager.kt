package dev.coprocessing.manager

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.RemoteOp
import dev.coprocessing.internal.ShareableType
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.ownerIdentity
import dev.coprocessing.sync.plainOwnerIdentity
import java.io.Serializable

/**
 * The backend of a worker JVM's proxies of its parent's shared objects (a managed dict, a `Value`, a managed
 * queue...): each operation crosses to the parent as it is (an [Op] holds only its arguments) and is applied
 * there to the parent's proxy, which applies it to the object, as CPython's proxies send `_callmethod` to the
 * manager's server. The objects stay in the parent: this backend makes none, and keeps no snapshot.
 */
internal class RemoteBackend(private val remote: RemoteObject) : ManagerBackend {
    override val isShutdown: Boolean get() = false

    override fun <T : Any> open(spec: ObjectSpec<T>): Handle<T> = notHere("make objects")

    @Suppress("UNCHECKED_CAST")
    override fun <T : Any, R> call(handle: Handle<T>, op: Op<T, R>): R = remote.callBlocking(Apply(op), plainOwnerIdentity()) as R

    @Suppress("UNCHECKED_CAST")
    override suspend fun <T : Any, R> await(handle: Handle<T>, op: WaitingOp<T, R>): R = remote.call(Await(op), ownerIdentity()) as R

    override fun snapshot(): List<SavedObject> = notHere("take snapshots")

    override fun restore(objects: List<SavedObject>): Unit = notHere("restore snapshots")

    override fun shutdown(): Unit = notHere("shut the manager down")

    private fun notHere(what: String): Nothing =
        throw IllegalStateException("a worker JVM cannot $what of its parent's manager: do it in the parent")

    /** [call] as it crosses: applied to the parent's proxy's handle. */
    private class Apply(private val op: Op<*, *>) : RemoteOp {
        @Suppress("UNCHECKED_CAST")
        override suspend fun applyTo(target: Any): Any? = (ManagerSharing.handleOf(target) as Handle<Any>).call(op as Op<Any, Any?>)

        private companion object {
            private const val serialVersionUID = 1L
        }
    }

    /** [await] as it crosses. */
    private class Await(private val op: WaitingOp<*, *>) : RemoteOp {
        @Suppress("UNCHECKED_CAST")
        override suspend fun applyTo(target: Any): Any? = (ManagerSharing.handleOf(target) as Handle<Any>).await(op as WaitingOp<Any, Any?>)

        private companion object {
            private const val serialVersionUID = 1L
        }
    }
}

/** A handle in a worker JVM on its parent's object named [name]. */
internal class RemoteHandle<T : Any>(backend: ManagerBackend, name: String, kind: Kind, val remoteId: Long) : Handle<T>(backend, name, kind)

/**
 * How a manager's proxies and the shared `Value`s and `Array`s cross to a worker JVM: as proxies of the same
 * class there, whose backend is the parent ([RemoteBackend]); a managed lock as a lock proxy of the parent's.
 */
internal object ManagerSharing : ShareableType {
    init {
        for (type in listOf(
            DictProxy::class.java, ListProxy::class.java, NamespaceProxy::class.java, SharedValue::class.java,
            SharedArray::class.java, QueueProxy::class.java, EventProxy::class.java, BarrierProxy::class.java,
            SemaphoreProxy::class.java, LockProxy::class.java, ConditionProxy::class.java,
        )) {
            Remote.shareable(type, this)
        }
    }

    /** Makes sure the types of this package are registered (the first of them to initialize calls it). */
    fun register() = Unit

    /** The handle of a proxy of this package. */
    fun handleOf(proxy: Any): Handle<*> = when (proxy) {
        is DictProxy<*, *> -> proxy.handle
        is ListProxy<*> -> proxy.handle
        is NamespaceProxy -> proxy.handle
        is SharedValue<*> -> proxy.handle
        is SharedArray<*> -> proxy.handle
        is QueueProxy<*> -> proxy.handle
        is EventProxy -> proxy.handle
        is BarrierProxy -> proxy.handle
        is SemaphoreProxy -> proxy.handle
        is LockProxy -> proxy.handle
        is ConditionProxy -> proxy.handle
        else -> throw IllegalArgumentException("not a manager's proxy: ${proxy.javaClass.name}")
    }

    override fun remoteId(obj: Any): Long? = if (obj is LockProxy) obj.remote?.id else (handleOf(obj) as? RemoteHandle<*>)?.remoteId

    override fun remoteRef(obj: Any, id: Long): Serializable {
        if (obj is ConditionProxy) {
            throw java.io.NotSerializableException(
                "ConditionProxy (a manager's Condition cannot be used by a worker JVM yet: pass a Condition made " +
                    "with the spawn context's Condition(), which crosses as a proxy)",
            )
        }
        val handle = handleOf(obj)
        val size = when (obj) {
            is QueueProxy<*> -> obj.maxsize
            is BarrierProxy -> obj.parties
            else -> 0
        }
        return ManagerRef(id, obj.javaClass.name, handle.name, handle.kind, size)
    }

    /** Makes, in a worker JVM, the proxy of class [type] for the parent's object [id]. */
    fun proxyOf(id: Long, type: String, name: String, kind: Kind, size: Int): Any = Remote.proxy(id) {
        if (type == LockProxy::class.java.name) {
            // Its locking runs through the lock's own proxy path (the remote handle it takes as it is made).
            return@proxy LockProxy(RemoteHandle(Unreachable, name, kind, id))
        }
        val remote = checkNotNull(Remote.takeConstructing())
        val handle = RemoteHandle<Any>(RemoteBackend(remote), name, kind, id)
        @Suppress("UNCHECKED_CAST")
        when (type) {
            DictProxy::class.java.name -> DictProxy<Any?, Any?>(handle as Handle<Table>)
            ListProxy::class.java.name -> ListProxy<Any?>(handle as Handle<Items>)
            NamespaceProxy::class.java.name -> NamespaceProxy(handle as Handle<Attributes>)
            SharedValue::class.java.name -> SharedValue<Any?>(handle as Handle<Cell>)
            SharedArray::class.java.name -> SharedArray<Any?>(handle as Handle<Cells>)
            QueueProxy::class.java.name -> QueueProxy<Any?>(handle as Handle<dev.coprocessing.queue.JoinableQueue<Any?>>, size)
            EventProxy::class.java.name -> EventProxy(handle as Handle<dev.coprocessing.sync.Event>)
            BarrierProxy::class.java.name -> BarrierProxy(handle as Handle<dev.coprocessing.sync.Barrier>, size)
            SemaphoreProxy::class.java.name -> SemaphoreProxy(handle as Handle<dev.coprocessing.sync.Semaphore>)
            else -> throw java.io.InvalidObjectException("no proxy of class $type")
        }
    }

    /** The backend of a handle nobody calls: a managed lock's proxy in a worker JVM locks through its remote path. */
    private object Unreachable : ManagerBackend {
        override val isShutdown: Boolean get() = false
        override fun <T : Any> open(spec: ObjectSpec<T>): Handle<T> = unreachable()
        override fun <T : Any, R> call(handle: Handle<T>, op: Op<T, R>): R = unreachable()
        override suspend fun <T : Any, R> await(handle: Handle<T>, op: WaitingOp<T, R>): R = unreachable()
        override fun snapshot(): List<SavedObject> = unreachable()
        override fun restore(objects: List<SavedObject>): Unit = unreachable()
        override fun shutdown(): Unit = unreachable()
        private fun unreachable(): Nothing = throw IllegalStateException("a managed lock's proxy in a worker JVM has no backend of its own")
    }
}

/** A manager's proxy (or a `Value`, an `Array`) as it crosses to a worker JVM. */
internal class ManagerRef(
    private val id: Long,
    private val type: String,
    private val name: String,
    private val kind: Kind,
    private val size: Int,
) : Serializable {
    private fun readResolve(): Any = ManagerSharing.proxyOf(id, type, name, kind, size)

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** A managed lock's `release()` in a worker JVM: the parent's, as this caller. */
internal fun AbstractLock.releaseIfRemote(): Boolean {
    val remote = remote ?: return false
    releaseRemote(remote)
    return true
}
