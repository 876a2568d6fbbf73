// cluster-producer-consumer: two producers and two consumers, processes on different members, share one cluster queue; a None per consumer
// Seed 001 queues. Run: ./examples/kts cluster-producer-consumer (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/cluster/ClusterPrograms.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:DependsOn("dev.coprocessing:coprocessing-hazelcast:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.hazelcast.HazelcastContext
import dev.coprocessing.hazelcast.hazelcastContext
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import java.util.UUID
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Runs [block] with three members of a new cluster on loopback, each an embedded member of this JVM, and shuts
 * them all down afterwards. A real cluster is the same code with other machines' addresses in `members`.
 */
suspend fun <T> threeMembers(block: suspend (List<HazelcastContext>) -> T): T {
    val name = "examples-${UUID.randomUUID()}"
    val addresses = (0..2).map { "127.0.0.1:${5901 + it}" }
    val started = ArrayList<HazelcastContext>()
    try {
        for (i in 0..2) started += hazelcastContext(clusterName = name, members = addresses, port = 5901 + i)
        return block(started)
    } finally {
        started.asReversed().forEach { it.close() }
    }
}

/**
 * Seed 001's producer/consumer with a `None` sentinel per consumer: the producers and the consumers are
 * processes whose targets run on different members, and the queue they share is the cluster's queue "foods",
 * captured by name. The main process puts one `null` per consumer once the producers are done.
 */
suspend fun clusterProducerConsumer() = threeMembers { members ->
    multiprocessing {
        val (a, b, c) = members
        val q = a.Queue<String?>("foods-${UUID.randomUUID()}")
        val eaten = a.Manager().list<String>("eaten-${UUID.randomUUID()}")
        fun producer(name: String, food: String, on: HazelcastContext) =
            a.Process(member = on.instance.cluster.localMember) {
                for (i in 1..10) {
                    sleep(Math.random() * 0.05)
                    q.put("$name $food$i")
                }
            }
        fun consumer(name: String, on: HazelcastContext) =
            a.Process(member = on.instance.cluster.localMember) {
                while (true) {
                    val food = q.get() ?: break
                    sleep(Math.random() * 0.05)
                    eaten.append("$name ate $food")
                }
            }
        val producers = listOf(producer("alex", "jiaozi", b), producer("egon", "bread", c))
        val consumers = listOf(consumer("aoa", a), consumer("kuraki", c))
        (producers + consumers).forEach { it.start() }
        producers.forEach { it.join() }
        repeat(consumers.size) { q.put(null) }
        consumers.forEach { it.join() }
        eaten.toList().sorted().forEach(::println)
        println("eaten: ${eaten.len()}, left in the queue: ${q.qsize()}")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { clusterProducerConsumer() }
