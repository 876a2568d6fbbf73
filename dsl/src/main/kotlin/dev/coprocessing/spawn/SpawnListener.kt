package dev.coprocessing.spawn

import dev.coprocessing.internal.Unraisable
import dev.coprocessing.internal.libraryThread
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.SocketException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap

/**
 * The loopback socket on which worker JVMs call their parent back, with the parent's random key. It is open
 * while at least one worker JVM is starting or alive ([acquire] / [release]), so it never outlives what it
 * serves. A connection that does not prove it holds the key, or names no worker that is starting, is dropped.
 */
internal object SpawnListener {
    private val lock = Any()
    private var users = 0 // guarded by lock
    private var server: ServerSocket? = null // guarded by lock
    private var acceptor: Thread? = null // guarded by lock

    /** The key children prove they hold; one per parent JVM, never written anywhere but a child's stdin. */
    val key: ByteArray by lazy(Link::newKey)

    private val waiting = ConcurrentHashMap<Long, CompletableFuture<Link>>()

    /** Opens the listener if needed and returns its port; pair with [release]. */
    fun acquire(): Int = synchronized(lock) {
        users++
        server?.let { return it.localPort }
        val socket = ServerSocket()
        socket.bind(InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64)
        server = socket
        acceptor = libraryThread("coprocessing-spawn-listener") { accept(socket) }.also(Thread::start)
        socket.localPort
    }

    /** One user fewer; the last one closes the listener and waits for its thread to end. */
    fun release() {
        val ending: Thread?
        synchronized(lock) {
            check(users > 0) { "SpawnListener released more often than acquired" }
            if (--users > 0) return
            server?.close()
            server = null
            ending = acceptor
            acceptor = null
        }
        if (ending !== Thread.currentThread()) ending?.join()
    }

    /** A future completed with the link of worker [id] once it has called back and authenticated. */
    fun expect(id: Long): CompletableFuture<Link> = CompletableFuture<Link>().also { waiting[id] = it }

    fun forget(id: Long) {
        waiting.remove(id)
    }

    private fun accept(server: ServerSocket) {
        while (true) {
            val socket = try {
                server.accept()
            } catch (_: SocketException) {
                return // closed by release()
            }
            // Authentication reads from the peer: a thread of its own, so a silent peer cannot stall the others.
            libraryThread("coprocessing-spawn-handshake") { handshake(socket) }.start()
        }
    }

    private fun handshake(socket: java.net.Socket) {
        val link = Link(socket, SpawnListener::class.java.classLoader)
        try {
            socket.soTimeout = HANDSHAKE_TIMEOUT_MS
            link.authenticate(key, initiator = true)
            val hello = link.receive() as? Hello ?: throw IOException("the peer did not introduce itself")
            socket.soTimeout = 0
            val future = waiting.remove(hello.id) ?: throw IOException("no worker ${hello.id} is starting")
            if (!future.complete(link)) link.close()
        } catch (e: AuthenticationError) {
            link.close()
            Unraisable.report("coprocessing: refused a connection to the spawn listener: ${e.message}", error = null)
        } catch (_: IOException) {
            link.close()
        } catch (_: ClassNotFoundException) {
            link.close()
        }
    }

    private const val HANDSHAKE_TIMEOUT_MS = 30_000
}

/** A worker JVM's first message once authenticated: which of the starting workers it is. */
internal class Hello(val id: Long) : java.io.Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}
