package dev.coprocessing.spawn

import dev.coprocessing.internal.libraryThread
import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.EOFException
import java.io.IOException
import java.net.Socket
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.LinkedBlockingQueue
import java.security.MessageDigest
import java.security.SecureRandom
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/**
 * One authenticated connection between a parent JVM and a worker JVM it started: length-prefixed frames, each
 * one Java-serialized message. Sends are serialized by one lock and receives by another, so one thread may
 * send while another waits for the next message.
 *
 * Both ends prove that they hold the parent's random key before anything is deserialized (as CPython's
 * `authkey` challenge does, in both directions); a peer that cannot is dropped. Deserialization trusts the
 * peer exactly as `pickle` does: a child deserializes only what its parent sent it over this link.
 *
 * A parent's end ([upward] false) records every library object it sends in [exports], and reads the worker's
 * references to them back as the objects themselves; a worker's end sends proxies back as such references (see
 * [Exports]). While nothing is shared, the one caller waiting for the next message reads it itself ([next]);
 * once proxies are in use, both ends also carry their operations, and a reader thread of this link takes every
 * message, hands what [route] accepts to it, and queues the rest for [next].
 */
internal class Link(
    private val socket: Socket,
    private val classLoader: ClassLoader?,
    private val upward: Boolean = false,
) : AutoCloseable {
    private val input = DataInputStream(BufferedInputStream(socket.getInputStream()))
    private val output = DataOutputStream(BufferedOutputStream(socket.getOutputStream()))
    private val sendLock = Any()
    private val receiveLock = Any()

    /** The library objects sent over this link, by id, kept for as long as it lives (a parent's end only). */
    val exports: MutableMap<Long, Any> = ConcurrentHashMap()

    /** Takes the messages that are not replies to the caller of [next]: proxies' operations and their answers. */
    @Volatile var route: ((Any?) -> Boolean)? = null

    /** Called once when the reader finds the link ended, with why. */
    @Volatile var onEnd: ((Throwable) -> Unit)? = null

    @Volatile private var inbox: LinkedBlockingQueue<Any>? = null

    /** Sends [message] (a value Java serialization can write) as one frame; throws [IOException] once closed. */
    fun send(message: Any?) {
        val bytes = Crossing.serialize(message, if (upward) null else exports, upward)
        if (!upward && exports.isNotEmpty()) startReader()
        synchronized(sendLock) {
            output.writeInt(bytes.size)
            output.write(bytes)
            output.flush()
        }
    }

    /** The next message; throws [EOFException] when the peer has closed its end. */
    fun receive(): Any? {
        val bytes = synchronized(receiveLock) { readFrame() }
        return Crossing.deserialize(bytes, classLoader, if (upward) null else exports)
    }

    /**
     * The next message that [route] does not take: read here, or taken from the reader's queue once it runs.
     * Throws [EOFException] (or what ended the link) when it has ended. Not interruptible: a link ends when its
     * peer does.
     */
    fun next(): Any? {
        while (true) {
            val queued = inbox
            if (queued != null) {
                val message = takeUninterruptibly(queued)
                if (message is Ended) {
                    queued.put(message) // for any later caller too
                    throw message.cause
                }
                return (message as Message).value
            }
            val message = receive()
            if (route?.invoke(message) != true) return message
        }
    }

    /** Starts the reader thread, if it does not run yet. */
    fun startReader() {
        if (inbox != null) return
        synchronized(this) {
            if (inbox != null) return
            val queue = LinkedBlockingQueue<Any>()
            libraryThread("coprocessing-link-reader") { read(queue) }.start()
            inbox = queue
        }
    }

    private fun read(queue: LinkedBlockingQueue<Any>) {
        while (true) {
            val message = try {
                receive()
            } catch (e: Throwable) {
                queue.put(Ended(e as? IOException ?: IOException("the link ended: $e", e)))
                onEnd?.invoke(e)
                return
            }
            if (route?.invoke(message) != true) queue.put(Message(message))
        }
    }

    private class Message(val value: Any?)

    private class Ended(val cause: IOException)

    private fun takeUninterruptibly(queue: LinkedBlockingQueue<Any>): Any {
        var interrupted = false
        try {
            while (true) {
                try {
                    return queue.take()
                } catch (_: InterruptedException) {
                    interrupted = true
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt()
        }
    }

    private fun readFrame(): ByteArray {
        val size = input.readInt()
        if (size < 0 || size > MAX_FRAME) throw IOException("malformed frame of $size bytes: the peer is not a coprocessing worker")
        return ByteArray(size).also(input::readFully)
    }

    /** Proves to the peer that this end holds [key], and checks that the peer does: both directions. */
    fun authenticate(key: ByteArray, initiator: Boolean) {
        if (initiator) {
            challenge(key)
            answer(key)
        } else {
            answer(key)
            challenge(key)
        }
    }

    private fun challenge(key: ByteArray) {
        val nonce = ByteArray(NONCE_SIZE).also(random::nextBytes)
        output.write(nonce)
        output.flush()
        val answer = ByteArray(MAC_SIZE).also(input::readFully)
        if (!MessageDigest.isEqual(answer, mac(key, nonce))) {
            output.write(REJECTED)
            output.flush()
            throw AuthenticationError("the peer did not prove it holds this JVM's key: connection refused")
        }
        output.write(WELCOME)
        output.flush()
    }

    private fun answer(key: ByteArray) {
        val nonce = ByteArray(NONCE_SIZE).also(input::readFully)
        output.write(mac(key, nonce))
        output.flush()
        if (input.readUnsignedByte() != WELCOME) throw AuthenticationError("the peer refused this JVM's key")
    }

    override fun close() {
        runCatching { socket.close() }
    }

    internal companion object {
        const val NONCE_SIZE = 32
        const val MAC_SIZE = 32
        const val KEY_SIZE = 32
        private const val WELCOME = 1
        private const val REJECTED = 0
        private const val MAX_FRAME = Int.MAX_VALUE - 8
        private val random = SecureRandom()

        fun newKey(): ByteArray = ByteArray(KEY_SIZE).also(random::nextBytes)

        fun mac(key: ByteArray, message: ByteArray): ByteArray =
            Mac.getInstance("HmacSHA256").run {
                init(SecretKeySpec(key, "HmacSHA256"))
                doFinal(message)
            }
    }
}

/** A peer that could not prove it holds the key: the connection is refused. */
internal class AuthenticationError(message: String) : IOException(message)

/** Java serialization of what crosses to another JVM, with the errors a caller can act on. */
internal object Crossing {
    /**
     * The bytes of [value], its library objects replaced as [Exports] says and recorded in [exports] (going to a
     * worker JVM), or written back as references to the parent's objects ([upward]).
     */
    fun serialize(value: Any?, exports: MutableMap<Long, Any>? = null, upward: Boolean = false): ByteArray {
        val bytes = ByteArrayOutputStream()
        ExportingOutputStream(bytes, exports, upward).use { it.writeObject(value) }
        return bytes.toByteArray()
    }

    /** [value] read back from [bytes] through [classLoader]; references to objects of [exports] read as those objects. */
    fun deserialize(bytes: ByteArray, classLoader: ClassLoader?, exports: Map<Long, Any>? = null): Any? =
        ResolvingInputStream(ByteArrayInputStream(bytes), classLoader, exports).use { it.readObject() }

    /**
     * [value] ready to cross to a worker JVM, checked at once, in the caller: or an [IllegalArgumentException]
     * that names [what], the type that cannot be serialized, and what to do. The library objects it holds go
     * with it, to be shared with the worker JVM it is sent to.
     */
    fun ship(value: Any?, what: String): SerializedFunction {
        val exports = HashMap<Long, Any>()
        val bytes = bytesOf(value, what, exports)
        return SerializedFunction(bytes, exports.takeIf { it.isNotEmpty() })
    }

    /**
     * [value] as bytes for a place that is not a worker JVM of this one (a cluster member), checked as [ship]
     * checks: the library's shared objects cannot go there, and fail here.
     */
    fun bytesOf(value: Any?, what: String): ByteArray = bytesOf(value, what, null)

    /** [ship] for a value the library made ([what] names the user's part of it in the error). */
    fun shipValue(value: Any?, what: String): SerializedFunction {
        val exports = HashMap<Long, Any>()
        val bytes = try {
            serialize(value, exports)
        } catch (e: java.io.NotSerializableException) {
            throw IllegalArgumentException(cannotCross(what, e), e)
        }
        return SerializedFunction(bytes, exports.takeIf { it.isNotEmpty() })
    }

    private fun bytesOf(value: Any?, what: String, exports: MutableMap<Long, Any>?): ByteArray {
        if (value != null) {
            val type = value.javaClass
            require(onClassPath.get(type)) {
                "Can't pickle $what: its class ${type.name} is not on this JVM's classpath (it was defined by " +
                    "${type.classLoader}, as a script's classes are), so a worker JVM started with that classpath " +
                    "cannot load it. Run spawn code from compiled classes (./examples/run, a jar), not from a script."
            }
        }
        return try {
            serialize(value, exports)
        } catch (e: java.io.NotSerializableException) {
            throw IllegalArgumentException(cannotCross(what, e), e)
        }
    }

    /** Whether a worker JVM, started with this JVM's classpath, finds the same class by its name. */
    private val onClassPath = object : ClassValue<Boolean>() {
        override fun computeValue(type: Class<*>): Boolean =
            // A serializable Java lambda (a hidden class) crosses as its capturing class's SerializedLambda.
            type.classLoader == null || type.isHidden || runCatching { Class.forName(type.name, false, ClassLoader.getSystemClassLoader()) === type }.getOrDefault(false)
    }

    /** The message of a value that cannot cross: what it was ([what]), the type that cannot be serialized, and what to do. */
    fun cannotCross(what: String, e: java.io.NotSerializableException): String =
        "Can't pickle $what: it holds a ${e.message}, which is not java.io.Serializable. Whatever a spawn " +
            "process or worker runs crosses to another JVM: capture only serializable values (or " +
            "@Serializable ones converted to strings), and pass a suspend lambda, a function reference or a " +
            "library fun interface, not a plain Kotlin function type (or mark that one @JvmSerializableLambda; " +
            "from Java, cast a lambda to Serializable)."
}
