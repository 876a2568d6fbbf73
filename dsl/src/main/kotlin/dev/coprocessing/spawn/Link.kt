package dev.coprocessing.spawn

import java.io.BufferedInputStream
import java.io.BufferedOutputStream
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.DataInputStream
import java.io.DataOutputStream
import java.io.EOFException
import java.io.IOException
import java.io.ObjectInputStream
import java.io.ObjectOutputStream
import java.io.ObjectStreamClass
import java.net.Socket
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
 */
internal class Link(private val socket: Socket, private val classLoader: ClassLoader?) : AutoCloseable {
    private val input = DataInputStream(BufferedInputStream(socket.getInputStream()))
    private val output = DataOutputStream(BufferedOutputStream(socket.getOutputStream()))
    private val sendLock = Any()
    private val receiveLock = Any()

    /** Sends [message] (a value Java serialization can write) as one frame; throws [IOException] once closed. */
    fun send(message: Any?) {
        val bytes = Crossing.serialize(message)
        synchronized(sendLock) {
            output.writeInt(bytes.size)
            output.write(bytes)
            output.flush()
        }
    }

    /** The next message; throws [EOFException] when the peer has closed its end. */
    fun receive(): Any? {
        val bytes = synchronized(receiveLock) { readFrame() }
        return Crossing.deserialize(bytes, classLoader)
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
    fun serialize(value: Any?): ByteArray {
        val bytes = ByteArrayOutputStream()
        ObjectOutputStream(bytes).use { it.writeObject(value) }
        return bytes.toByteArray()
    }

    fun deserialize(bytes: ByteArray, classLoader: ClassLoader?): Any? =
        LoaderObjectInputStream(ByteArrayInputStream(bytes), classLoader).use { it.readObject() }

    /**
     * Checks at once, in the caller, that [value] can cross to another JVM: its bytes, or an
     * [IllegalArgumentException] that names [what], the type that cannot be serialized, and what to do.
     */
    fun bytesOf(value: Any?, what: String): ByteArray {
        if (value != null) {
            val type = value.javaClass
            require(onClassPath.get(type)) {
                "Can't pickle $what: its class ${type.name} is not on this JVM's classpath (it was defined by " +
                    "${type.classLoader}, as a script's classes are), so a worker JVM started with that classpath " +
                    "cannot load it. Run spawn code from compiled classes (./examples/run, a jar), not from a script."
            }
        }
        return try {
            serialize(value)
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

    /** Resolves classes through [loader] (the application's), not the caller of `readObject`'s defining loader. */
    private class LoaderObjectInputStream(input: java.io.InputStream, private val loader: ClassLoader?) : ObjectInputStream(input) {
        override fun resolveClass(desc: ObjectStreamClass): Class<*> =
            if (loader == null) super.resolveClass(desc)
            else try {
                Class.forName(desc.name, false, loader)
            } catch (_: ClassNotFoundException) {
                super.resolveClass(desc)
            }
    }
}
