@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.hazelcast

import com.hazelcast.cluster.Member
import com.hazelcast.core.HazelcastInstance
import com.hazelcast.core.HazelcastInstanceAware
import com.hazelcast.core.HazelcastInstanceNotActiveException
import com.hazelcast.core.MemberLeftException
import com.hazelcast.spi.exception.TargetDisconnectedException
import com.hazelcast.spi.exception.TargetNotMemberException
import dev.coprocessing.spi.CoprocessingSpi
import dev.coprocessing.spi.RemoteWork
import dev.coprocessing.spi.WorkerPlace
import dev.coprocessing.spi.WorkerPlaceLost
import dev.coprocessing.spi.WorkerPlaces
import java.util.concurrent.Callable
import java.util.concurrent.CancellationException
import java.util.concurrent.ExecutionException
import java.util.concurrent.Future
import java.util.concurrent.atomic.AtomicInteger

/**
 * The members as places for workers: each new worker gets the next member in turn, so the workers of a pool
 * (and the chunks of its maps) spread over the cluster. A member that leaves while it runs a unit fails that
 * unit, unless [HazelcastContext.retries] lets it run again on another member.
 */
internal class MemberPlaces(private val ctx: HazelcastContext) : WorkerPlaces {
    private val turn = AtomicInteger()

    /** The next member in turn, another than [leaving] where there is one. */
    fun next(leaving: Member? = null): Member {
        val members = try {
            ctx.candidates()
        } catch (e: HazelcastInstanceNotActiveException) {
            throw IllegalStateException("no member can run tasks: this context's Hazelcast instance has shut down", e)
        }
        check(members.isNotEmpty()) {
            "no member of cluster '${ctx.instance.config.clusterName}' can run tasks" +
                " (the members it was pinned to have left, or only lite members and clients remain)"
        }
        val choices = members.filter { it != leaving }.ifEmpty { members }
        return choices[Math.floorMod(turn.getAndIncrement(), choices.size)]
    }

    override fun open(name: String): WorkerPlace = MemberPlace(name, next())

    private inner class MemberPlace(private val name: String, @Volatile private var member: Member) : WorkerPlace {
        @Volatile private var running: Future<ByteArray>? = null

        override fun run(work: RemoteWork): ByteArray {
            var retriesLeft = ctx.retries
            while (true) {
                val target = member
                val future = try {
                    ctx.executor.submitToMember(MemberTask(work), target)
                } catch (e: HazelcastInstanceNotActiveException) {
                    throw WorkerPlaceLost("this context's Hazelcast instance has shut down", cause = e)
                }
                running = future
                try {
                    return future.get()
                } catch (e: ExecutionException) {
                    val cause = e.cause ?: e
                    when {
                        // It never reached the member, which had gone already: it runs elsewhere, as a first try.
                        cause is TargetNotMemberException -> member = next(leaving = target)
                        cause.isMemberLoss() && retriesLeft > 0 -> {
                            retriesLeft--
                            member = next(leaving = target)
                        }
                        cause.isMemberLoss() -> throw WorkerPlaceLost("member ${target.address} left the cluster while it ran the task", cause = cause)
                        else -> throw IllegalStateException("member ${target.address} could not run the task: $cause", cause)
                    }
                } catch (e: CancellationException) {
                    throw InterruptedException("the task was stopped").apply { initCause(e) }
                } finally {
                    running = null
                }
            }
        }

        override fun stop(kill: Boolean) {
            running?.cancel(true)
        }

        override fun close() {
            running = null
        }

        override fun toString(): String = "$name on ${member.address}"
    }
}

/** Whether [this] says the member that ran (or was to run) a task has gone. */
internal fun Throwable.isMemberLoss(): Boolean =
    this is MemberLeftException || this is TargetNotMemberException || this is TargetDisconnectedException ||
        this is HazelcastInstanceNotActiveException

/**
 * A unit of work as a member runs it: the library's [RemoteWork], read with the member's class loader while the
 * member's instance is the one named objects it captured attach to.
 */
internal class MemberTask(private val work: RemoteWork) : Callable<ByteArray>, java.io.Serializable, HazelcastInstanceAware {
    @Transient private var instance: HazelcastInstance? = null

    override fun setHazelcastInstance(hazelcastInstance: HazelcastInstance) {
        instance = hazelcastInstance
    }

    override fun call(): ByteArray = OnMember.within(instance) { work.run(OnMember.classLoader(instance)) }

    private companion object {
        private const val serialVersionUID = 1L
    }
}
