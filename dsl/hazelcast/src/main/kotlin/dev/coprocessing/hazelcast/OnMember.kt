@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.hazelcast

import com.hazelcast.client.HazelcastClient
import com.hazelcast.core.Hazelcast
import com.hazelcast.core.HazelcastInstance
import com.hazelcast.nio.serialization.HazelcastSerializationException
import dev.coprocessing.spawn.Crossings
import dev.coprocessing.spi.CoprocessingSpi
import java.util.WeakHashMap
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.delay

/**
 * Where a named object that crossed in a task attaches: to the instance of the member running the task (set
 * while a [MemberTask] runs), else to the one instance of this JVM.
 */
internal object OnMember {
    private val current = ThreadLocal<HazelcastInstance?>()
    private val contexts = WeakHashMap<HazelcastInstance, HazelcastContext>()

    fun <T> within(instance: HazelcastInstance?, block: () -> T): T {
        val before = current.get()
        current.set(instance)
        try {
            return block()
        } finally {
            current.set(before)
        }
    }

    /** The instance of the member whose task this thread runs, if it runs one. */
    fun instance(): HazelcastInstance? = current.get()

    fun classLoader(instance: HazelcastInstance?): ClassLoader =
        instance?.config?.classLoader ?: Thread.currentThread().contextClassLoader ?: OnMember::class.java.classLoader

    /** A context over the instance named objects read now attach to. */
    fun context(what: String): HazelcastContext {
        val instance = current.get()
            ?: (Hazelcast.getAllHazelcastInstances() + HazelcastClient.getAllHazelcastClients()).singleOrNull()
            ?: throw IllegalStateException(
                "$what arrived outside a task on a member, in a JVM with no single Hazelcast instance to attach it to",
            )
        return synchronized(contexts) { contexts.getOrPut(instance) { HazelcastContext(instance) } }
    }
}

/** A named object as it crosses: only its kind and name travel, and it is the same object where it arrives. */
internal class NamedRef(private val kind: String, private val name: String, private val size: Int) : java.io.Serializable {
    private fun readResolve(): Any {
        val ctx = OnMember.context("the $kind '$name'")
        return when (kind) {
            "queue" -> ctx.Queue<Any?>(name, size)
            "joinable queue" -> ctx.JoinableQueue<Any?>(name, size)
            "dict" -> ctx.Manager().dict<Any, Any?>(name)
            "list" -> ctx.Manager().list<Any?>(name)
            "value" -> ClusterValue<Any?>(ctx, name)
            "lock" -> ctx.Lock(name)
            "event" -> ctx.Event(name)
            else -> error("unknown named object kind '$kind'")
        }
    }

    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** `null` as an item or value stored in the cluster, which stores no nulls. */
internal object NullItem : java.io.Serializable {
    private const val serialVersionUID = 1L
    private fun readResolve(): Any = NullItem

    fun wrap(value: Any?): Any = value ?: NullItem

    @Suppress("UNCHECKED_CAST")
    fun <T> unwrap(value: Any?): T = (if (value === NullItem) null else value) as T
}

/**
 * Runs [block], which hands [value] to Hazelcast, turning a serialization failure into spawn's
 * "Can't pickle …" `IllegalArgumentException` naming [what].
 */
internal inline fun <R> crossing(value: Any?, what: () -> String, block: () -> R): R = try {
    block()
} catch (e: HazelcastSerializationException) {
    val notSerializable = generateSequence(e as Throwable) { it.cause }.filterIsInstance<java.io.NotSerializableException>().firstOrNull()
    if (notSerializable != null) throw IllegalArgumentException(Crossings.cannotCross(what(), notSerializable), e)
    throw IllegalArgumentException("Can't pickle ${what()} (a ${value?.javaClass?.name}): ${e.message}", e)
}

/**
 * Waits, polling [attempt] with a growing pause (1 ms up to 20 ms), until it returns non-null or [timeout]
 * passes (`null` then). Each attempt is one atomic cluster operation, so cancelling between them loses nothing.
 */
internal suspend fun <T : Any> pollUntil(timeout: Duration?, attempt: () -> T?): T? {
    attempt()?.let { return it }
    val deadline = timeout?.let { System.nanoTime() + it.inWholeNanoseconds }
    var pause = 1L
    while (true) {
        val left = deadline?.let { (it - System.nanoTime()) / 1_000_000 }
        if (left != null && left <= 0) return null
        delay((if (left == null) pause else minOf(pause, left)).milliseconds)
        attempt()?.let { return it }
        pause = minOf(pause * 2, MAX_PAUSE_MS)
    }
}

private const val MAX_PAUSE_MS = 20L

/** CPython's check of a timeout, shared by every wait here. */
internal fun checkTimeout(timeout: Duration?) {
    require(timeout == null || !timeout.isNegative()) { "'timeout' must be a non-negative number, got $timeout" }
}

internal fun java.time.Duration.toKotlin(): Duration = toKotlinDuration().also(::checkTimeout)

internal fun seconds(value: Double): Duration {
    require(!value.isNaN() && value >= 0) { "'timeout' must be a non-negative number, got $value" }
    return value.seconds
}
