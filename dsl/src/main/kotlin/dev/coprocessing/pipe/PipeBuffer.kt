package dev.coprocessing.pipe

import dev.coprocessing.internal.QueueMonitor
import dev.coprocessing.internal.QueueMonitor.NotReady
import dev.coprocessing.internal.WaitKind
import java.io.EOFException
import kotlin.time.Duration

/**
 * One direction of a pipe: the messages sent by the writing end and not yet received by the reading end.
 * Unbounded, so sending never waits; receiving waits for a message, or for the writer to close (EOF).
 * Messages are taken under the lock and returned without suspending again, so none is lost when a
 * receiver is cancelled (see [QueueMonitor]).
 */
internal class PipeBuffer {
    private val monitor = QueueMonitor()
    private val messages = ArrayDeque<Any?>()
    private val readable = monitor.Waiters(capacity = { messages.size })
    private var writerClosed = false
    private var readerClosed = false

    /** The connection that reads from this buffer, which the process dump names as what a receiver waits on. */
    @Volatile var reader: Any = this

    /** A message sent with `sendBytes`, told apart from an object sent with `send`. */
    class Bytes(val bytes: ByteArray)

    fun write(message: Any?) = monitor.locked {
        if (readerClosed) {
            throw IllegalStateException(
                "broken pipe: the other end of this connection is closed, so nobody can receive what is sent",
            )
        }
        messages.addLast(message)
        readable.offer()
    }

    /** The writing end closed: the reader drains what is left, then sees EOF. */
    fun closeWriter() = monitor.locked {
        writerClosed = true
        readable.wakeAll()
    }

    /** The reading end closed: what is left can never be read; waiting readers wake and see the end closed. */
    fun closeReader() = monitor.locked {
        readerClosed = true
        messages.clear()
        readable.wakeAll()
    }

    /**
     * Removes and returns the next message when [accept] allows it (it throws to refuse, leaving the message),
     * waiting for one; throws [EOFException] once the writer has closed and nothing is left.
     */
    suspend fun read(accept: (Any?) -> Unit): Any? {
        val attempt = {
            if (readerClosed) throw IllegalStateException("handle is closed")
            when {
                readable.available() -> {
                    accept(messages.first()) // throws to refuse it: it stays for the next receiver
                    messages.removeFirst()
                }
                writerClosed -> throw EOFException("the other end of the pipe is closed and every message has been received")
                else -> NotReady
            }
        }
        return monitor.await(readable, null, WaitKind.PIPE_RECV, reader, attempt)
    }

    /** Whether a read would not wait (a message, or EOF), waiting up to [timeout] (`null`: no limit) for it. */
    suspend fun poll(timeout: Duration?): Boolean {
        val attempt = {
            if (readerClosed) throw IllegalStateException("handle is closed")
            when {
                readable.available() -> true
                writerClosed -> true
                else -> NotReady
            }
        }
        return monitor.await(readable, timeout, WaitKind.PIPE_POLL, reader, attempt) !== NotReady
    }
}
