package dev.coprocessing.hazelcast

import com.hazelcast.core.Hazelcast
import kotlin.system.exitProcess

/**
 * A member in a JVM of its own, for the tests: `MemberMain <cluster> <port> <peer,peer,...>`. It prints
 * `ready <uuid>` once it has joined, and shuts down when its stdin ends (its parent closed it, or died), so it
 * never outlives the test that started it.
 */
object MemberMain {
    @JvmStatic
    fun main(args: Array<String>) {
        val (cluster, port, peers) = args
        val config = memberConfig(cluster, peers.split(','), port.toInt()).apply {
            networkConfig.isPortAutoIncrement = false
            fastFailureDetection()
        }
        val member = Hazelcast.newHazelcastInstance(config)
        println("ready ${member.cluster.localMember.uuid}")
        System.out.flush()
        while (System.`in`.read() != -1) Unit
        member.shutdown()
        exitProcess(0)
    }
}
