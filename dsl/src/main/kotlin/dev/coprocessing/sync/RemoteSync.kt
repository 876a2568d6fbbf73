package dev.coprocessing.sync

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.RemoteOp
import dev.coprocessing.internal.ShareableType
import java.io.Serializable
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds

/**
 * The operations a worker JVM's proxy of a lock, semaphore, condition, event or barrier sends to the parent's
 * object. Each runs there as the proxy's caller (see `RemoteCaller`), through the object's own public
 * operations, so every rule (an `RLock` released only by its holder, a `BoundedSemaphore`'s bound, a condition
 * waited on only under its lock) and every error is the parent object's.
 */
internal sealed class SyncOp : RemoteOp {
    class Acquire(private val block: Boolean, private val timeout: Long) : SyncOp() {
        override suspend fun applyTo(target: Any): Any? = (target as Acquirable).acquire(block, timeoutOf(timeout))
    }

    class Release(private val n: Int) : SyncOp() {
        override suspend fun applyTo(target: Any): Any? =
            if (target is Semaphore) target.release(n) else (target as Acquirable).release()
    }

    class Wait(private val timeout: Long) : SyncOp() {
        override suspend fun applyTo(target: Any): Any? = when (target) {
            is Condition -> target.wait(timeoutOf(timeout))
            is Event -> target.wait(timeoutOf(timeout))
            else -> (target as Barrier).wait(timeoutOf(timeout))
        }
    }

    class Notify(private val n: Int) : SyncOp() {
        override suspend fun applyTo(target: Any): Any? = (target as Condition).notify(n)
    }

    /** A query or a change that never waits, by [what]: one class for the small ones. */
    class Plain(private val what: Int) : SyncOp() {
        override suspend fun applyTo(target: Any): Any? = when (what) {
            LOCKED -> (target as AbstractLock).locked()
            VALUE -> (target as Semaphore).getValue()
            DESCRIBE -> target.toString()
            SET -> (target as Event).set()
            CLEAR -> (target as Event).clear()
            IS_SET -> (target as Event).isSet()
            RESET -> (target as Barrier).reset()
            ABORT -> (target as Barrier).abort()
            N_WAITING -> (target as Barrier).nWaiting
            BROKEN -> (target as Barrier).broken
            else -> throw IllegalArgumentException("unknown operation $what")
        }
    }

    internal companion object {
        private const val serialVersionUID = 1L
        const val NO_TIMEOUT = -1L
        const val LOCKED = 1
        const val VALUE = 2
        const val DESCRIBE = 3
        const val SET = 4
        const val CLEAR = 5
        const val IS_SET = 6
        const val RESET = 7
        const val ABORT = 8
        const val N_WAITING = 9
        const val BROKEN = 10

        fun nanos(timeout: Duration?): Long = timeout?.inWholeNanoseconds ?: NO_TIMEOUT

        fun timeoutOf(nanos: Long): Duration? = if (nanos == NO_TIMEOUT) null else nanos.nanoseconds
    }
}

/** A proxy's plain query or change: [SyncOp.Plain] sent from a plain function. */
internal fun RemoteObject.plain(what: Int): Any? = callBlocking(SyncOp.Plain(what))

/** `toString()` of a proxy: the parent object's, or what it is when the parent cannot be asked. */
internal fun RemoteObject.describe(kind: String): String =
    runCatching { plain(SyncOp.DESCRIBE) as String }.getOrElse { "<$kind proxy of a parent's object ($id): ${it.message}>" }

/** What [AbstractLock.enter] returns for a proxy: who acquired, for [AbstractLock.exit] to release as. */
internal class RemoteHeld(val caller: Any)

/** How the objects of this package cross to a worker JVM: as proxies of the same class (see [ShareableType]). */
internal object SyncSharing : ShareableType {
    init {
        Remote.shareable(Acquirable::class.java, this)
        Remote.shareable(Event::class.java, this)
        Remote.shareable(Barrier::class.java, this)
    }

    /** Makes sure the types of this package are registered (the first of them to initialize calls it). */
    fun register() = Unit

    override fun remoteId(obj: Any): Long? = when (obj) {
        is Acquirable -> obj.remote?.id
        is Event -> obj.remote?.id
        is Barrier -> obj.remote?.id
        else -> null
    }

    override fun remoteRef(obj: Any, id: Long): Serializable = when (obj) {
        is Lock -> SyncRef(id, SyncRef.LOCK, 0)
        is RLock -> SyncRef(id, SyncRef.RLOCK, 0)
        is BoundedSemaphore -> SyncRef(id, SyncRef.BOUNDED_SEMAPHORE, obj.maxValue)
        is Semaphore -> SyncRef(id, SyncRef.SEMAPHORE, 0)
        is Condition -> SyncRef(id, SyncRef.CONDITION, 0)
        is Event -> SyncRef(id, SyncRef.EVENT, 0)
        is Barrier -> SyncRef(id, SyncRef.BARRIER, obj.parties)
        else -> throw java.io.NotSerializableException("${obj.javaClass.name} (a lock of a class of its own)")
    }
}

/** A lock, semaphore, condition, event or barrier as it crosses to a worker JVM, read back there as a proxy. */
internal class SyncRef(private val id: Long, private val kind: Int, private val size: Int) : Serializable {
    private fun readResolve(): Any = Remote.proxy(id) {
        when (kind) {
            LOCK -> Lock()
            RLOCK -> RLock()
            BOUNDED_SEMAPHORE -> BoundedSemaphore(size)
            SEMAPHORE -> Semaphore(0)
            CONDITION -> Condition()
            EVENT -> Event()
            else -> Barrier(size)
        }
    }

    internal companion object {
        private const val serialVersionUID = 1L
        const val LOCK = 0
        const val RLOCK = 1
        const val SEMAPHORE = 2
        const val BOUNDED_SEMAPHORE = 3
        const val CONDITION = 4
        const val EVENT = 5
        const val BARRIER = 6
    }
}
