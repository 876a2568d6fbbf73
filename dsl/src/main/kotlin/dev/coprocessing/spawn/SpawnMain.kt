package dev.coprocessing.spawn

import dev.coprocessing.SystemExit
import dev.coprocessing.internal.Remote
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import kotlin.coroutines.EmptyCoroutineContext
import java.net.InetAddress
import java.net.Socket
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking

/**
 * The main class of a worker JVM: `SpawnMain <port> <id>`, its parent's key on the first line of stdin.
 *
 * It calls its parent back on the loopback port, proves it holds the key (and checks that the parent does),
 * introduces itself, then runs each [Call] it receives, in order, replying to each, until [Goodbye] or until
 * the parent's end closes. Stdin stays open for as long as the parent lives: when it reaches its end the parent
 * is gone, and the worker halts at once, so no worker JVM outlives its parent.
 */
internal object SpawnMain {
    /**
     * The process this JVM is, as code it runs sees it (`currentProcess()`): named as its parent named it (a
     * pool's `SpawnPoolWorker-1`), with this JVM's pid. A spawned process's body runs as a main process of its
     * own, of the same name.
     */
    @Volatile private var self: Process? = null

    /** The exit code of a worker whose parent went away. */
    const val PARENT_GONE = 70

    val loader: ClassLoader get() = Thread.currentThread().contextClassLoader ?: SpawnMain::class.java.classLoader

    @JvmStatic
    fun main(args: Array<String>) {
        require(args.size == 3) { "usage: SpawnMain <port> <id> <name> (started by coprocessing, key on stdin)" }
        val port = args[0].toInt()
        val id = args[1].toLong()
        self = Process.newSpawnedMain(args[2], daemon = true)
        val key = readKey()
        watchParent()
        val link = Link(Socket(InetAddress.getLoopbackAddress(), port), loader, upward = true)
        val channel = ChildChannel(link)
        link.route = { message -> message is ObjectReply && channel.answer(message).let { true } }
        link.onEnd = channel::ended
        Remote.channel = channel
        link.authenticate(key, initiator = false)
        link.send(Hello(id))
        exitProcess(serve(link))
    }

    private fun readKey(): ByteArray {
        val line = StringBuilder()
        while (true) {
            val c = System.`in`.read()
            if (c == -1) exitProcess(PARENT_GONE)
            if (c == '\n'.code) break
            line.append(c.toChar())
        }
        return hexToBytes(line.toString())
    }

    /** Halts the JVM as soon as stdin ends: the parent closed it, or died. */
    private fun watchParent() {
        val watcher = Thread({
            try {
                while (System.`in`.read() != -1) Unit
            } catch (_: java.io.IOException) {
            }
            Runtime.getRuntime().halt(PARENT_GONE)
        }, "coprocessing-parent-watch")
        watcher.isDaemon = true
        watcher.start()
    }

    /** Runs calls until told to stop; the exit code of the JVM. */
    private fun serve(link: Link): Int {
        while (true) {
            val message = try {
                link.next()
            } catch (_: java.io.IOException) {
                return PARENT_GONE
            }
            when (message) {
                is Goodbye -> return 0
                is Call -> {
                    val reply = run(message)
                    sendReply(link, reply)
                    reply.exitCode?.let { return it }
                }
                else -> error("unexpected message from the parent: $message")
            }
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun run(call: Call): Reply = try {
        val fn = call.fn.let { if (it is SerializedFunction) Crossing.deserialize(it.bytes, loader) else it }
        val context = self?.let(ProcessContext::elementOf) ?: EmptyCoroutineContext
        val value = runBlocking(context) { if (fn is RemoteTask) fn.runRemote() else (fn as suspend () -> Any?)() }
        Reply(call.id, if (value === Unit) UnitValue else value, null, null)
    } catch (e: SystemExit) {
        Reply(call.id, null, null, e.code)
    } catch (e: Throwable) {
        Reply(call.id, null, e, null)
    }

    /** Sends [reply]; a value or exception that cannot cross is replaced by an error that says so. */
    private fun sendReply(link: Link, reply: Reply) {
        try {
            link.send(reply) // serialized whole before a byte is written: a failure leaves the link clean
        } catch (e: java.io.NotSerializableException) {
            val error = reply.error
            val replacement = if (error != null) {
                RemoteError(error.javaClass.name, error.message).also { it.stackTrace = error.stackTrace }
            } else {
                IllegalArgumentException(
                    "Can't pickle the result (a ${reply.value?.javaClass?.name}): it holds a ${e.message}, which is " +
                        "not java.io.Serializable; return serializable values from what a worker JVM runs",
                )
            }
            link.send(Reply(reply.id, null, replacement, reply.exitCode))
        }
    }

    private fun hexToBytes(hex: String): ByteArray =
        ByteArray(hex.length / 2) { ((Character.digit(hex[2 * it], 16) shl 4) + Character.digit(hex[2 * it + 1], 16)).toByte() }
}
