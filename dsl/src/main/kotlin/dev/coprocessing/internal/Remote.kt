package dev.coprocessing.internal

import java.io.Serializable
import java.lang.ref.ReferenceQueue
import java.lang.ref.WeakReference
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicLong

/**
 * What the library knows of one type of object that code in a worker JVM may use although it lives in its
 * parent: a queue, a lock, an event, a shared value, a manager's proxy. When one is sent to a worker JVM
 * (captured by a process's target, a task, an item of a map), what crosses is [remoteRef]: the worker JVM reads it
 * back as a proxy of the same type whose every operation is the parent's object's, as CPython's inherited queues
 * and manager proxies are. Each such type registers itself with [Remote.shareable] when its class initializes.
 */
internal interface ShareableType {
    /** When [obj] is a proxy in a worker JVM, the id of the parent's object it stands for; `null` otherwise. */
    fun remoteId(obj: Any): Long?

    /** What crosses in [obj]'s place when it is sent as [id]: its `readResolve` makes the proxy. */
    fun remoteRef(obj: Any, id: Long): Serializable
}

/** An operation on a parent's object, sent by a proxy: applied to the object in the parent, as the calling process. */
internal interface RemoteOp : Serializable {
    suspend fun applyTo(target: Any): Any?
}

/**
 * A caller in a worker JVM, as the parent sees it when it runs that caller's operation: which link ([peer]) and
 * which caller there ([token]: a coroutine or a thread of that JVM). Two operations of one caller carry equal
 * `RemoteCaller`s, so an `RLock` the caller acquired is released by it, and by no other.
 */
internal data class RemoteCaller(val peer: Long, val token: Long)

/** Whether [a] and [b] are one caller: the same object, or equal [RemoteCaller]s. */
internal fun sameCaller(a: Any?, b: Any?): Boolean = a === b || (a is RemoteCaller && a == b)

/** The way from a worker JVM to its parent, as proxies use it. */
internal interface RemoteChannel {
    /** Applies [op] to the parent's object [id] as the caller [caller] (a token), and returns its result. */
    suspend fun call(id: Long, op: RemoteOp, caller: Long): Any?

    /** [call] for a plain function: the calling thread waits; an interrupt cancels the operation. */
    fun callBlocking(id: Long, op: RemoteOp, caller: Long): Any?
}

/**
 * A proxy's handle on the parent's object [id]: every operation goes through [call] (or [callBlocking] from a
 * plain function), with who calls, so that the parent can tell callers apart.
 */
internal class RemoteObject(val id: Long, private val channel: RemoteChannel) {
    /** Applies [op] as [caller] (the calling coroutine's identity for ownership, or `null` when it does not matter). */
    suspend fun call(op: RemoteOp, caller: Any? = null): Any? = channel.call(id, op, Remote.tokenOf(caller))

    /** [call] from a plain function, as [caller]. */
    fun callBlocking(op: RemoteOp, caller: Any? = null): Any? = channel.callBlocking(id, op, Remote.tokenOf(caller))

    override fun toString(): String = "remote object $id"
}

/** The proxies of this JVM, when it is a worker JVM: the channel to its parent and one proxy per parent object. */
internal object Remote {
    /** The way to the parent, set once this JVM runs as a worker JVM. */
    @Volatile var channel: RemoteChannel? = null

    private val types = java.util.concurrent.CopyOnWriteArrayList<Pair<Class<*>, ShareableType>>()
    private val typeOf = object : ClassValue<ShareableType?>() {
        // The most specific registration wins: a managed lock's proxy is a lock, but crosses as the manager says.
        override fun computeValue(type: Class<*>): ShareableType? {
            val matches = types.filter { it.first.isAssignableFrom(type) }
            return matches.firstOrNull { mine -> matches.all { other -> other.first.isAssignableFrom(mine.first) } }?.second
        }
    }

    /** Registers [type] (and its subclasses) as shareable, as [handler] says; called as [type] initializes. */
    fun shareable(type: Class<*>, handler: ShareableType) {
        types.add(type to handler)
    }

    /** How [obj] crosses as a proxy, or `null` when it is not a library object that does. */
    fun shareableType(obj: Any): ShareableType? = typeOf.get(obj.javaClass)

    private val proxies = ConcurrentHashMap<Long, Any>()
    private val constructing = ThreadLocal<RemoteObject?>()
    private val tokens = IdentityWeakMap()
    private val nextToken = AtomicLong()

    /**
     * The proxy of the parent's object [id], made by [make] the first time (under [constructing], so that the
     * library object [make] constructs takes the handle as its remote one).
     */
    fun proxy(id: Long, make: () -> Any): Any {
        proxies[id]?.let { return it }
        val channel = channel ?: throw IllegalStateException(
            "a proxy of a library object arrived in a JVM that is not a worker JVM: library objects cross only " +
                "from a parent to the processes and workers it starts",
        )
        val made = constructing(RemoteObject(id, channel), make)
        return proxies.putIfAbsent(id, made) ?: made
    }

    /** Runs [make] so that the library object it constructs (on this thread) is a proxy through [remote]. */
    private fun <T> constructing(remote: RemoteObject, make: () -> T): T {
        constructing.set(remote)
        try {
            return make()
        } finally {
            constructing.remove()
        }
    }

    /**
     * The remote handle of the library object being constructed on this thread, if it is a proxy; taken once, so
     * objects it constructs in turn are plain. Every shareable class reads it first thing in its constructor.
     */
    fun takeConstructing(): RemoteObject? {
        val remote = constructing.get() ?: return null
        constructing.remove()
        return remote
    }

    /** A token for [caller] (stable while the caller lives), or 0 for `null`. */
    fun tokenOf(caller: Any?): Long = if (caller == null) 0L else tokens.getOrPut(caller) { nextToken.incrementAndGet() }
}

/** Long values keyed by the identity of objects that it does not keep alive. */
internal class IdentityWeakMap {
    private val entries = ConcurrentHashMap<Key, Long>()
    private val collected = ReferenceQueue<Any>()

    private class Key(referent: Any, queue: ReferenceQueue<Any>?) : WeakReference<Any>(referent, queue) {
        private val hash = System.identityHashCode(referent)

        override fun hashCode(): Int = hash

        override fun equals(other: Any?): Boolean {
            if (this === other) return true
            if (other !is Key || other.hash != hash) return false
            val mine = get()
            return mine != null && mine === other.get()
        }
    }

    /** The value of [key] (found by identity), made by [make] when it has none. */
    fun getOrPut(key: Any, make: () -> Long): Long {
        entries[Key(key, null)]?.let { return it }
        expunge()
        val made = make()
        return entries.putIfAbsent(Key(key, collected), made) ?: made
    }

    /** The value of [key], if it has one. */
    fun get(key: Any): Long? = entries[Key(key, null)]

    private fun expunge() {
        while (true) {
            val gone = collected.poll() ?: return
            entries.remove(gone)
        }
    }
}
