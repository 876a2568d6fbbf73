package dev.coprocessing.spawn

import dev.coprocessing.internal.BlockingCaller
import dev.coprocessing.internal.IdentityWeakMap
import dev.coprocessing.internal.RemoteCaller
import dev.coprocessing.internal.RemoteChannel
import dev.coprocessing.internal.RemoteOp
import dev.coprocessing.internal.Remote
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import java.io.IOException
import java.io.InputStream
import java.io.InvalidObjectException
import java.io.NotSerializableException
import java.io.ObjectInputStream
import java.io.ObjectOutputStream
import java.io.ObjectStreamClass
import java.io.OutputStream
import java.io.Serializable
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ExecutionException
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.cancellation.CancellationException
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withContext

/**
 * How library objects cross to a worker JVM. Writing one to a worker (a queue, a lock, ...: see
 * [dev.coprocessing.internal.ShareableType]) writes its `remoteRef` instead, under an id that is the same for every crossing of that object, and
 * records the object under that id with what is being sent; the link it is sent over keeps it in its table
 * ([Link.exports]) for as long as the link lives, and serves each operation the proxy sends ([ObjectServer]).
 * Writing a proxy back to its parent writes a [HomeRef], which the parent reads back as its own object.
 */
internal object Exports {
    private val ids = IdentityWeakMap()
    private val next = AtomicLong()

    /** The id of [shared], the same each time it crosses. */
    fun idOf(shared: Any): Long = ids.getOrPut(shared) { next.incrementAndGet() }
}

/** A proxy written back to the JVM its object lives in: that JVM reads the object itself. */
internal class HomeRef(val id: Long) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * Java serialization that replaces library objects as [Exports] says. [exports] collects the objects sent (with
 * those of every [SerializedFunction] met on the way; `null`: none may go); [upward] streams go from a worker JVM
 * to its parent, where only proxies of the parent's own objects may go.
 */
internal class ExportingOutputStream(
    out: OutputStream,
    private val exports: MutableMap<Long, Any>?,
    private val upward: Boolean,
) : ObjectOutputStream(out) {
    init {
        enableReplaceObject(true)
    }

    override fun replaceObject(obj: Any?): Any? = when (obj) {
        is SerializedFunction -> {
            obj.exports?.let { shipped -> exports?.putAll(shipped) }
            obj
        }
        null -> null
        else -> {
            val type = Remote.shareableType(obj)
            val home = type?.remoteId(obj)
            when {
                type == null -> obj
                upward && home != null -> HomeRef(home)
                upward -> throw NotSerializableException(
                    "${obj.javaClass.name} made in a worker JVM: library objects are shared with a process by " +
                        "passing them to it when it starts (or through a queue or a manager), from the JVM that " +
                        "made them, never back from it",
                )
                else -> {
                    if (exports == null) {
                        throw NotSerializableException(
                            "${obj.javaClass.name} (a library object: it is shared only with the worker JVMs of " +
                                "this one; elsewhere, share an object by name)",
                        )
                    }
                    val id = Exports.idOf(obj)
                    exports[id] = obj
                    type.remoteRef(obj, id)
                }
            }
        }
    }
}

/** Java deserialization through [loader], reading each [HomeRef] back as the object [exports] holds under its id. */
internal class ResolvingInputStream(
    input: InputStream,
    private val loader: ClassLoader?,
    private val exports: Map<Long, Any>?,
) : ObjectInputStream(input) {
    init {
        enableResolveObject(exports != null)
    }

    override fun resolveObject(obj: Any?): Any? =
        if (obj is HomeRef) {
            exports?.get(obj.id) ?: throw InvalidObjectException("object ${obj.id} was never shared with this worker JVM")
        } else {
            obj
        }

    override fun resolveClass(desc: ObjectStreamClass): Class<*> =
        if (loader == null) super.resolveClass(desc)
        else try {
            Class.forName(desc.name, false, loader)
        } catch (_: ClassNotFoundException) {
            super.resolveClass(desc)
        }
}

/** Worker JVM → parent: apply [op] to object [objectId] as [caller]; the answer is an [ObjectReply] under [callId]. */
internal class ObjectCall(val callId: Long, val objectId: Long, val op: RemoteOp, val caller: Long) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Worker JVM → parent: the caller of [callId] was cancelled; the parent cancels the operation if it still runs. */
internal class CancelCall(val callId: Long) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** Parent → worker JVM: what operation [callId] returned ([value]) or threw ([error]), or that it was [cancelled]. */
internal class ObjectReply(val callId: Long, val value: Any?, val error: Throwable?, val cancelled: Boolean) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * Serves, in the parent, the operations a worker JVM's proxies send over [link]: each runs in a coroutine of
 * its own, as the process on the other end ([peer]) and the caller there that sent it, so ownership (an
 * `RLock`'s holder) and every wait work as for a caller of this JVM. The operations end with the link.
 */
internal class ObjectServer(private val link: Link, private val peerId: Long) {
    /** The process on the other end, as operations run: set by whoever started it. */
    @Volatile var peer: Process? = null

    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    private val running = ConcurrentHashMap<Long, Job>()

    fun serve(call: ObjectCall) {
        val target = link.exports[call.objectId]
        if (target == null) {
            reply(ObjectReply(call.callId, null, IllegalStateException("object ${call.objectId} was never shared with this worker JVM"), false))
            return
        }
        val context = ProcessContext.elementOf(peer ?: Process.outside) + BlockingCaller(RemoteCaller(peerId, call.caller))
        val job = scope.launch(context, start = CoroutineStart.LAZY) {
            val reply = try {
                ObjectReply(call.callId, Crossed.wrap(call.op.applyTo(target)), null, false)
            } catch (e: CancellationException) {
                if (!scope.coroutineContext[Job]!!.isActive) throw e // the link is closing: nobody waits for a reply
                ObjectReply(call.callId, null, null, true)
            } catch (e: Throwable) {
                ObjectReply(call.callId, null, e, false)
            }
            reply(reply)
        }
        running[call.callId] = job
        job.invokeOnCompletion { running.remove(call.callId) }
        job.start()
    }

    fun cancel(call: CancelCall) {
        running[call.callId]?.cancel()
    }

    private fun reply(reply: ObjectReply) {
        try {
            link.send(reply)
        } catch (e: NotSerializableException) {
            val why = IllegalArgumentException("Can't pickle the result of an operation on a shared object: it holds a ${e.message}, which is not java.io.Serializable")
            runCatching { link.send(ObjectReply(reply.callId, null, why, false)) }
        } catch (_: IOException) {
            // The worker JVM is gone, and so is whoever waited.
        }
    }

    fun close() {
        scope.cancel()
    }
}

/**
 * The proxies' way to the parent in a worker JVM: each operation is an [ObjectCall] over [link], answered by an
 * [ObjectReply] that [Link]'s reader hands to [answer]. A cancelled caller asks the parent to cancel the
 * operation and still waits for its last word: an operation that completed first (an item taken, a lock
 * acquired) returns its result, so that nothing is lost, and the caller sees its cancellation at its next
 * suspension.
 */
internal class ChildChannel(private val link: Link) : RemoteChannel {
    private val pending = ConcurrentHashMap<Long, CompletableFuture<ObjectReply>>()
    private val ids = AtomicLong()

    private fun send(id: Long, op: RemoteOp, caller: Long): Pair<Long, CompletableFuture<ObjectReply>> {
        link.startReader()
        val callId = ids.incrementAndGet()
        val reply = CompletableFuture<ObjectReply>()
        pending[callId] = reply
        try {
            link.send(ObjectCall(callId, id, op, caller))
        } catch (e: NotSerializableException) {
            pending.remove(callId)
            throw IllegalArgumentException(
                "Can't pickle an argument of an operation on a shared object: it holds a ${e.message}, which is not " +
                    "java.io.Serializable; pass serializable values to the parent's objects",
                e,
            )
        } catch (e: IOException) {
            pending.remove(callId)
            throw parentGone(e)
        }
        return callId to reply
    }

    override suspend fun call(id: Long, op: RemoteOp, caller: Long): Any? {
        val (callId, reply) = send(id, op, caller)
        val answer = try {
            reply.awaitKeeping()
        } catch (e: CancellationException) {
            runCatching { link.send(CancelCall(callId)) }
            val last = withContext(NonCancellable) { reply.awaitKeeping() }
            if (last.cancelled) throw e
            last
        }
        return outcome(answer)
    }

    override fun callBlocking(id: Long, op: RemoteOp, caller: Long): Any? {
        val (callId, reply) = send(id, op, caller)
        val answer = try {
            reply.get()
        } catch (e: InterruptedException) {
            runCatching { link.send(CancelCall(callId)) }
            val last = uninterruptibly(reply)
            if (last.cancelled) throw e
            Thread.currentThread().interrupt() // it completed first: its result stands, and so does the interrupt
            last
        } catch (e: ExecutionException) {
            throw e.cause ?: e
        }
        return outcome(answer)
    }

    private fun outcome(answer: ObjectReply): Any? {
        answer.error?.let { throw it }
        return Crossed.restore(answer.value)
    }

    /** Hands [reply] to the caller waiting for it; `false` if nobody does. */
    fun answer(reply: ObjectReply): Boolean = pending.remove(reply.callId)?.complete(reply) ?: false

    /** The link has ended: every waiting caller fails. */
    fun ended(cause: Throwable) {
        for (id in pending.keys.toList()) pending.remove(id)?.completeExceptionally(parentGone(cause))
    }

    private fun parentGone(cause: Throwable) =
        IllegalStateException("the parent JVM of this worker is gone: its shared objects cannot be reached", cause)

    private companion object {
        fun uninterruptibly(future: CompletableFuture<ObjectReply>): ObjectReply {
            var interrupted = false
            try {
                while (true) {
                    try {
                        return future.get()
                    } catch (_: InterruptedException) {
                        interrupted = true
                    } catch (e: ExecutionException) {
                        throw e.cause ?: e
                    }
                }
            } finally {
                if (interrupted) Thread.currentThread().interrupt()
            }
        }

        /** Waits for the future without cancelling it when the waiter is cancelled. */
        suspend fun <T> CompletableFuture<T>.awaitKeeping(): T = suspendCancellableCoroutine { cont ->
            whenComplete { value, error ->
                if (error != null) cont.resumeWithException((error as? java.util.concurrent.CompletionException)?.cause ?: error)
                else cont.resume(value)
            }
        }
    }
}
