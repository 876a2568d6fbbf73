package dev.coprocessing.pipe

import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import java.io.EOFException
import kotlin.time.Duration

/**
 * One end of a [Pipe], as `multiprocessing.connection.Connection`: [send] puts a message into the pipe,
 * [recv] takes the next message the other end sent. Made only by [Pipe].
 *
 * - [send] never waits: the pipe holds any number of messages. Messages arrive in the order they were sent,
 *   each exactly once.
 * - [recv] suspends until a message arrives; once the other end is closed and every message has been
 *   received, it throws [EOFException], as CPython raises `EOFError`. A [recv] that is cancelled takes
 *   nothing: the message stays for the next [recv].
 * - Using an end after [close] throws `IllegalStateException("handle is closed")`; receiving on the writing
 *   end of a one-way pipe throws "connection is write-only", sending on its reading end
 *   "connection is read-only".
 *
 * Objects are shared, not copied: a process given a connection holds this very object, so [close] closes it
 * for every holder. The CPython idiom of closing the child's end in the parent right after `start()` (which
 * there closes only the parent's copy) must not be copied: let the one process that uses an end close it.
 *
 * ```kotlin
 * val (parentEnd, childEnd) = Pipe<String>()
 * val p = Process {
 *     childEnd.send("hello")
 *     childEnd.close()
 * }
 * p.start()
 * println(parentEnd.recv())   // hello
 * ```
 * ```java
 * Pair<Connection<String>, Connection<String>> pipe = Pipes.Pipe();
 * pipe.getFirst().send("hi");
 * String s = pipe.getSecond().recv();   // throws EOFException once the other end is closed and drained
 * ```
 */
public class Connection<T> internal constructor(
    private val incoming: PipeBuffer?,
    private val outgoing: PipeBuffer?,
) : AutoCloseable {
    @Volatile private var isClosedFlag = false

    init {
        incoming?.reader = this
    }

    /**
     * Whether [close] has been called on this end (Java: `isClosed()`).
     *
     * ```kotlin
     * if (!conn.closed) conn.send("more")
     * ```
     */
    @get:JvmName("isClosed")
    public val closed: Boolean get() = isClosedFlag

    /**
     * Whether this end can receive (`false` for the writing end of a one-way pipe) (Java: `isReadable()`).
     *
     * ```kotlin
     * check(reader.readable)
     * ```
     */
    @get:JvmName("isReadable")
    public val readable: Boolean get() = incoming != null

    /**
     * Whether this end can send (`false` for the reading end of a one-way pipe) (Java: `isWritable()`).
     *
     * ```kotlin
     * check(writer.writable)
     * ```
     */
    @get:JvmName("isWritable")
    public val writable: Boolean get() = outgoing != null

    private fun checkOpen() = check(!isClosedFlag) { "handle is closed" }

    private fun reading(): PipeBuffer {
        checkOpen()
        return incoming ?: throw IllegalStateException(
            "connection is write-only: this is the writing end of a one-way Pipe(duplex = false); receive on the reading end",
        )
    }

    private fun writing(): PipeBuffer {
        checkOpen()
        return outgoing ?: throw IllegalStateException(
            "connection is read-only: this is the reading end of a one-way Pipe(duplex = false); send on the writing end",
        )
    }

    /**
     * Sends [obj] to the other end. Never waits, so it never suspends. The object itself is passed (shared,
     * not copied): do not change it after sending.
     *
     * Throws `IllegalStateException` when this end is closed ("handle is closed"), read-only, or when the other
     * end is closed (a broken pipe: nobody could receive it).
     *
     * ```kotlin
     * conn.send("ping")
     * ```
     */
    public fun send(obj: T) {
        writing().write(obj)
    }

    /**
     * Suspends until the other end sends a message, and returns it. Throws [EOFException] once the other end
     * is closed and every message has been received. Cancelled while waiting, it takes nothing.
     *
     * Throws `IllegalStateException` when this end is closed (also during the wait) or write-only, and when the
     * next message was sent with [sendBytes] (read it with [recvBytes]; it stays in the pipe).
     *
     * ```kotlin
     * while (true) {
     *     val msg = try { conn.recv() } catch (e: EOFException) { break }
     *     println(msg)
     * }
     * ```
     */
    @JvmSynthetic
    @Suppress("UNCHECKED_CAST")
    public suspend fun recv(): T = reading().read { message ->
        check(message !is PipeBuffer.Bytes) {
            "the next message was sent with sendBytes(): receive it with recvBytes(); it stays in the pipe"
        }
    } as T

    /**
     * Blocks the calling thread until a message arrives: the blocking twin of [recv] (Java: `recv()`).
     *
     * ```java
     * try {
     *     String msg = conn.recv();
     * } catch (EOFException e) {
     *     // the other end is closed and drained
     * }
     * ```
     */
    @JvmName("recv")
    @Throws(EOFException::class, InterruptedException::class)
    public fun recvBlocking(): T = blocking { recv() }

    /**
     * Sends [size] bytes of [buf] from [offset] (`null`: to the end) as one message, as CPython's
     * `send_bytes(buf, offset, size)`. The bytes are copied, so [buf] may be reused at once. Never waits.
     *
     * Throws `IllegalArgumentException` for a range outside [buf] (CPython's "offset is negative",
     * "buffer length < offset", "size is negative", "buffer length < offset + size"), and
     * `IllegalStateException` as [send] does.
     *
     * ```kotlin
     * conn.sendBytes("hello".toByteArray())
     * ```
     */
    @JvmOverloads
    public fun sendBytes(buf: ByteArray, offset: Int = 0, size: Int? = null) {
        val buffer = writing()
        require(offset >= 0) { "offset is negative: $offset" }
        require(buf.size >= offset) { "buffer length < offset: ${buf.size} < $offset" }
        val length = size ?: (buf.size - offset)
        require(length >= 0) { "size is negative: $length" }
        require(offset.toLong() + length <= buf.size) { "buffer length < offset + size: ${buf.size} < $offset + $length" }
        buffer.write(PipeBuffer.Bytes(buf.copyOfRange(offset, offset + length)))
    }

    /**
     * Suspends until a message arrives and returns its bytes, as CPython's `recv_bytes(maxlength)`. Throws
     * [EOFException] once the other end is closed and drained. A message longer than [maxlength] is refused
     * with `IllegalArgumentException` ("bad message length") and stays in the pipe (CPython loses it and
     * breaks the connection). An object sent with [send] is refused the same way, unless it is a `ByteArray`.
     *
     * ```kotlin
     * val data: ByteArray = conn.recvBytes()
     * ```
     */
    @JvmSynthetic
    public suspend fun recvBytes(maxlength: Int? = null): ByteArray {
        require(maxlength == null || maxlength >= 0) { "negative maxlength: $maxlength" }
        val message = reading().read { message -> checkBytes(message, maxlength) }
        return message as? ByteArray ?: (message as PipeBuffer.Bytes).bytes
    }

    /**
     * Blocks until a message arrives and returns its bytes: the blocking twin of [recvBytes]
     * (Java: `recvBytes()`).
     *
     * ```java
     * byte[] data = conn.recvBytes();
     * ```
     */
    @JvmName("recvBytes")
    @Throws(EOFException::class, InterruptedException::class)
    public fun recvBytesBlocking(): ByteArray = blocking { recvBytes() }

    /**
     * Blocks until a message of at most [maxlength] bytes arrives (Java: `recvBytes(int)`).
     *
     * ```java
     * byte[] data = conn.recvBytes(1024);
     * ```
     */
    @JvmName("recvBytes")
    @Throws(EOFException::class, InterruptedException::class)
    public fun recvBytesBlocking(maxlength: Int): ByteArray = blocking { recvBytes(maxlength) }

    /**
     * Suspends until a message arrives, copies its bytes into [buffer] from [offset], and returns how many
     * there were, as CPython's `recv_bytes_into`. A message that does not fit is refused with
     * `IllegalArgumentException` and stays in the pipe. Throws [EOFException] once the other end is closed
     * and drained.
     *
     * ```kotlin
     * val buffer = ByteArray(1024)
     * val n = conn.recvBytesInto(buffer)
     * ```
     */
    @JvmSynthetic
    public suspend fun recvBytesInto(buffer: ByteArray, offset: Int = 0): Int {
        require(offset in 0..buffer.size) { "offset out of range: $offset for a buffer of ${buffer.size} bytes" }
        val message = reading().read { message -> checkBytes(message, buffer.size - offset) }
        val bytes = message as? ByteArray ?: (message as PipeBuffer.Bytes).bytes
        bytes.copyInto(buffer, offset)
        return bytes.size
    }

    /**
     * The blocking twin of [recvBytesInto] (Java: `recvBytesInto(byte[])`).
     *
     * ```java
     * int n = conn.recvBytesInto(buffer);
     * ```
     */
    @JvmName("recvBytesInto")
    @Throws(EOFException::class, InterruptedException::class)
    public fun recvBytesIntoBlocking(buffer: ByteArray): Int = blocking { recvBytesInto(buffer) }

    /**
     * The blocking twin of [recvBytesInto] with an [offset] (Java: `recvBytesInto(byte[], int)`).
     *
     * ```java
     * int n = conn.recvBytesInto(buffer, 16);
     * ```
     */
    @JvmName("recvBytesInto")
    @Throws(EOFException::class, InterruptedException::class)
    public fun recvBytesIntoBlocking(buffer: ByteArray, offset: Int): Int = blocking { recvBytesInto(buffer, offset) }

    private fun checkBytes(message: Any?, maxlength: Int?) {
        val bytes = when (message) {
            is PipeBuffer.Bytes -> message.bytes
            is ByteArray -> message
            else -> throw IllegalStateException(
                "the next message was sent with send(), not sendBytes(): receive it with recv(); it stays in the pipe",
            )
        }
        require(maxlength == null || bytes.size <= maxlength) {
            "bad message length: the next message has ${bytes.size} bytes, more than the $maxlength allowed; " +
                "it stays in the pipe"
        }
    }

    /**
     * Whether there is something to receive: a message, or the end of the stream (so that [recv] would not
     * wait). Waits up to [timeout] for it: [Duration.ZERO] (the default, as in CPython) does not wait, `null`
     * waits without limit. Cancelled while waiting, it changes nothing.
     *
     * ```kotlin
     * if (conn.poll(1.seconds)) println(conn.recv())
     * ```
     */
    @JvmSynthetic
    public suspend fun poll(timeout: Duration? = Duration.ZERO): Boolean {
        checkTimeout(timeout)
        return reading().poll(timeout)
    }

    /**
     * Whether there is something to receive now, without waiting (Java: `poll()`).
     *
     * ```java
     * if (conn.poll()) System.out.println(conn.recv());
     * ```
     */
    @JvmName("poll")
    @Throws(InterruptedException::class)
    public fun pollBlocking(): Boolean = blocking { poll() }

    /**
     * Blocks up to [timeout] (`null`: without limit) for something to receive (Java: `poll(Duration)`).
     *
     * ```java
     * if (conn.poll(Duration.ofSeconds(1))) System.out.println(conn.recv());
     * ```
     */
    @JvmName("poll")
    @Throws(InterruptedException::class)
    public fun pollBlocking(timeout: java.time.Duration?): Boolean =
        blocking { poll(timeout?.toTimeout()) }

    /**
     * Blocks up to [timeoutSeconds] for something to receive, as Python's `poll(1.5)` (Java: `poll(double)`).
     *
     * ```java
     * if (conn.poll(1.5)) System.out.println(conn.recv());
     * ```
     */
    @JvmName("poll")
    @Throws(InterruptedException::class)
    public fun pollBlocking(timeoutSeconds: Double): Boolean = blocking { poll(secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [poll] with a Kotlin [timeout] (`null`: without limit). Kotlin only.
     *
     * ```kotlin
     * if (conn.pollBlocking(1.seconds)) println(conn.recvBlocking())
     * ```
     */
    @Throws(InterruptedException::class)
    public fun pollBlocking(timeout: Duration?): Boolean = blocking { poll(timeout) }

    /**
     * Closes this end, for every holder (objects are shared, not copied). The other end then receives what
     * was already sent, and then [EOFException]; what was sent to this end and not received is dropped, and
     * the other end's [send] fails from now on. Coroutines waiting on this end wake with
     * `IllegalStateException("handle is closed")`. Closing twice is fine. Never suspends.
     *
     * ```kotlin
     * conn.use { it.send("last") }   // closes it
     * ```
     */
    override fun close() {
        if (isClosedFlag) return
        isClosedFlag = true
        outgoing?.closeWriter()
        incoming?.closeReader()
    }

    /** `<Connection at 0x1b6d3586 readable writable>`, or `... closed>`. */
    override fun toString(): String = buildString {
        append("<Connection at 0x").append(Integer.toHexString(System.identityHashCode(this@Connection)))
        if (isClosedFlag) append(" closed")
        if (readable) append(" readable")
        if (writable) append(" writable")
        append('>')
    }
}
