@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.hazelcast

import com.hazelcast.core.Hazelcast
import dev.coprocessing.spi.BackendResources
import dev.coprocessing.spi.CoprocessingSpi
import io.kotest.core.listeners.AfterSpecListener
import io.kotest.core.spec.Spec
import java.util.UUID

/**
 * Structured concurrency, checked for the cluster module: once a spec has ended, nothing the library started
 * (members, worker threads, pools, executors) is still running, and no Hazelcast instance is left in this JVM.
 * A member's threads need a moment to end, so the check waits a bounded time before it fails.
 */
object ClusterLeakCheck : AfterSpecListener {
    private const val GRACE_MILLIS = 15_000L

    override suspend fun afterSpec(spec: Spec) {
        val deadline = System.nanoTime() + GRACE_MILLIS * 1_000_000
        fun left() = BackendResources.live() + Hazelcast.getAllHazelcastInstances().map { "Hazelcast instance '${it.name}'" }
        var live = left()
        while (live.isNotEmpty() && System.nanoTime() < deadline) {
            // A bounded wait for threads to return, polling the registry; never a race on a result.
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000)
            live = left()
        }
        check(live.isEmpty()) { "leaked after ${spec::class.simpleName}, still running after $GRACE_MILLIS ms: $live" }
    }
}

/**
 * Starts [size] members of one new cluster on loopback ports from [basePort], each in a context that owns it,
 * with a short failure detection (a member that stops answering is dropped within a few seconds).
 */
fun localCluster(size: Int, basePort: Int, retries: Int = 0): List<HazelcastContext> {
    val name = "test-${UUID.randomUUID()}"
    val addresses = (0 until size).map { "127.0.0.1:${basePort + it}" }
    return (0 until size).map { i ->
        val config = memberConfig(name, addresses, basePort + i).apply {
            networkConfig.isPortAutoIncrement = false
            fastFailureDetection()
        }
        HazelcastContext.owning(Hazelcast.newHazelcastInstance(config), retries)
    }
}

fun com.hazelcast.config.Config.fastFailureDetection() {
    setProperty("hazelcast.heartbeat.interval.seconds", "1")
    setProperty("hazelcast.max.no.heartbeat.seconds", "5")
    setProperty("hazelcast.merge.first.run.delay.seconds", "60")
}
