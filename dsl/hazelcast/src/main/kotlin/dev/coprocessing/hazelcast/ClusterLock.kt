package dev.coprocessing.hazelcast

import com.hazelcast.cluster.MembershipEvent
import com.hazelcast.cluster.MembershipListener
import com.hazelcast.core.HazelcastInstance
import com.hazelcast.map.EntryProcessor
import com.hazelcast.map.IMap
import java.util.Collections
import java.util.UUID
import java.util.WeakHashMap
import kotlin.time.Duration
import kotlinx.coroutines.runBlocking

/**
 * A lock of the cluster, by name, as `multiprocessing.Lock`: held by one caller in the whole cluster at a time,
 * not reentrant, and releasable by any holder of the object (as CPython's). The open edition has no CP
 * subsystem, so it is an entry of the `IMap` "coprocessing.locks" taken and given back by entry processors:
 * [acquire] sets the entry if it is absent, in one atomic step on the key's owner, and [release] removes it.
 *
 * **Under a member crash.** The entry names the member (or client) that took the lock. When a member leaves,
 * every surviving member that has used a lock releases the locks the departed one held, so a crashed holder does
 * not block the cluster forever; a lock held by a client is released only if the client releases it. The entry
 * has a synchronous backup, so the crash of the key's owner keeps the lock held by whoever held it. Waiting
 * polls (1 ms up to 20 ms): it is not fair, and a waiter is not told when the holder crashes, only finds it
 * free.
 *
 * ```kotlin
 * val tickets = ctx.Lock("tickets")
 * tickets.withLock { buyOne() }
 * ```
 * ```java
 * try (var held = ctx.Lock("tickets").hold()) { buyOne(); }
 * ```
 */
public class ClusterLock internal constructor(
    private val ctx: HazelcastContext,
    /** Its name in the cluster: the same name is the same object on every member. */
    public val name: String,
) : java.io.Serializable {
    private val locks: IMap<String, String?> = ctx.instance.getMap(LOCKS)

    init {
        Releaser.watch(ctx.instance)
    }

    /** Who takes it: this member or client, and this acquisition. */
    private fun token(): String = "${ctx.instance.localEndpoint.uuid}/${UUID.randomUUID()}"

    /**
     * Takes the lock, suspending until it is free or [timeout] passes; `false` on timeout, or at once with
     * [block] `= false` when it is held. Cancelled while waiting, it takes nothing.
     *
     * ```kotlin
     * if (lock.acquire(timeout = 1.seconds)) try { work() } finally { lock.release() }
     * ```
     */
    @JvmSynthetic
    public suspend fun acquire(block: Boolean = true, timeout: Duration? = null): Boolean {
        require(block || timeout == null) { "can't specify timeout for non-blocking acquire" }
        checkTimeout(timeout)
        val token = token()
        if (locks.executeOnKey(name, TakeIfFree(token))) return true
        if (!block) return false
        return pollUntil(timeout) { if (locks.executeOnKey(name, TakeIfFree(token))) true else null } ?: false
    }

    /** Blocks until the lock is taken (Java: `acquire()`). ```java lock.acquire(); ``` */
    @JvmName("acquire")
    public fun acquireBlocking(): Boolean = runBlocking { acquire() }

    /** Takes the lock if free, or waits at most [timeout] (Java). ```java lock.acquire(true, Duration.ofSeconds(1)); ``` */
    @JvmName("acquire")
    public fun acquireBlocking(block: Boolean, timeout: java.time.Duration): Boolean = runBlocking { acquire(block, timeout.toKotlin()) }

    /** Takes the lock if free, without waiting when [block] is false (Java). ```java lock.acquire(false); ``` */
    @JvmName("acquire")
    public fun acquireBlocking(block: Boolean): Boolean = runBlocking { acquire(block) }

    /**
     * Gives the lock back. Throws `IllegalStateException("cannot release un-acquired lock")` when nobody holds it.
     *
     * ```kotlin
     * lock.release()
     * ```
     */
    public fun release() {
        check(locks.executeOnKey(name, Free())) { "cannot release un-acquired lock (cluster lock '$name')" }
    }

    /** Whether someone in the cluster holds it now. ```kotlin println(lock.locked()) ``` */
    public fun locked(): Boolean = locks.containsKey(name)

    /**
     * Runs [block] holding the lock, as `with lock:`: released however the block ends.
     *
     * ```kotlin
     * lock.withLock { buyOne() }
     * ```
     */
    @JvmSynthetic
    public suspend fun <T> withLock(block: suspend () -> T): T {
        acquire()
        try {
            return block()
        } finally {
            release()
        }
    }

    /**
     * Takes the lock and returns what gives it back: Java's `with lock:` (try-with-resources).
     *
     * ```java
     * try (var held = lock.hold()) { buyOne(); }
     * ```
     */
    public fun hold(): AutoCloseable {
        acquireBlocking()
        return AutoCloseable { release() }
    }

    private fun writeReplace(): Any = NamedRef("lock", name, 0)

    override fun toString(): String = "<ClusterLock '$name' ${if (runCatching { locked() }.getOrDefault(false)) "locked" else "unlocked"}>"

    internal companion object {
        const val LOCKS = "coprocessing.locks"
        private const val serialVersionUID = 1L
    }
}

/** Sets the lock's entry to a token if it has none: whether it did. */
internal class TakeIfFree(private val token: String) : EntryProcessor<String, String?, Boolean> {
    override fun process(entry: MutableMap.MutableEntry<String, String?>): Boolean {
        if (entry.value != null) return false
        entry.setValue(token)
        return true
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Removes the lock's entry: whether there was one. */
internal class Free : EntryProcessor<String, String?, Boolean> {
    override fun process(entry: MutableMap.MutableEntry<String, String?>): Boolean {
        if (entry.value == null) return false
        entry.setValue(null)
        return true
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Removes the entries of locks taken by [owner] (a member's UUID), which has left the cluster. */
internal class FreeHeldBy(private val owner: String) : EntryProcessor<String, String?, Boolean> {
    override fun process(entry: MutableMap.MutableEntry<String, String?>): Boolean {
        if (entry.value?.startsWith("$owner/") != true) return false
        entry.setValue(null)
        return true
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Releases the locks of members that leave, once per instance that has used a lock. */
internal object Releaser {
    private val watched: MutableSet<HazelcastInstance> = Collections.synchronizedSet(Collections.newSetFromMap(WeakHashMap()))

    fun watch(instance: HazelcastInstance) {
        if (!watched.add(instance)) return
        instance.cluster.addMembershipListener(object : MembershipListener {
            override fun memberAdded(event: MembershipEvent) = Unit

            override fun memberRemoved(event: MembershipEvent) {
                // On Hazelcast's event thread: the entry processors run on the keys' owners, which this waits for.
                runCatching {
                    instance.getMap<String, String?>(ClusterLock.LOCKS).executeOnEntries(FreeHeldBy(event.member.uuid.toString()))
                }
            }
        })
    }
}

/**
 * An event of the cluster, by name, as `multiprocessing.Event`: [set] anywhere wakes [wait] everywhere. It is an
 * entry of the `IMap` "coprocessing.events" (present: set), with a synchronous backup, so a member crash keeps
 * its state. Waiting polls (1 ms up to 20 ms).
 *
 * ```kotlin
 * val go = ctx.Event("go")
 * go.set()
 * go.wait(timeout = 5.seconds)
 * ```
 */
public class ClusterEvent internal constructor(
    private val ctx: HazelcastContext,
    /** Its name in the cluster: the same name is the same object on every member. */
    public val name: String,
) : java.io.Serializable {
    private val events: IMap<String, Boolean> = ctx.instance.getMap(EVENTS)

    /** Sets the flag: every waiter, on any member, returns `true`. ```kotlin go.set() ``` */
    public fun set(): Unit = events.set(name, true)

    /** Clears the flag. ```kotlin go.clear() ``` */
    public fun clear() {
        events.delete(name)
    }

    /** Whether the flag is set now. ```kotlin if (go.isSet()) start() ``` */
    public fun isSet(): Boolean = events.containsKey(name)

    /**
     * Suspends until the flag is set or [timeout] passes: whether it is set.
     *
     * ```kotlin
     * if (!go.wait(timeout = 5.seconds)) println("not yet")
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Boolean {
        checkTimeout(timeout)
        return pollUntil(timeout) { if (isSet()) true else null } ?: false
    }

    /** Blocks until the flag is set (Java: `await()`). ```java go.await(); ``` */
    @JvmName("await")
    public fun waitBlocking(): Boolean = runBlocking { wait() }

    /** Blocks until the flag is set or [timeout] passes (Java: `await(Duration)`). ```java go.await(Duration.ofSeconds(5)); ``` */
    @JvmName("await")
    public fun waitBlocking(timeout: java.time.Duration): Boolean = runBlocking { wait(timeout.toKotlin()) }

    private fun writeReplace(): Any = NamedRef("event", name, 0)

    override fun toString(): String = "<ClusterEvent '$name': ${if (runCatching { isSet() }.getOrDefault(false)) "set" else "unset"}>"

    internal companion object {
        const val EVENTS = "coprocessing.events"
        private const val serialVersionUID = 1L
    }
}
