package dev.coprocessing.examples.cluster

import dev.coprocessing.hazelcast.HazelcastContext
import dev.coprocessing.hazelcast.currentMember
import dev.coprocessing.hazelcast.hazelcastContext
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import java.util.UUID

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
 * Seed 001's `Pool(5).map(func, range(10))` with `func` sleeping 0.5 s and returning `i * i`: the same call, its
 * five workers spread over the three members, each chunk a task on a member; the results come back in order.
 */
suspend fun clusterPoolMap() = threeMembers { (first) ->
    multiprocessing {
        val p = first.Pool(5)
        try {
            val res = p.map(0 until 10) { i ->
                sleep(0.5)
                i * i
            }
            println(res)
            val ports = p.map(0 until 30, chunksize = 1) { currentMember()!!.address.port }.toSet()
            println("members that ran tasks: ${ports.size} of ${first.members().size}")
        } finally {
            p.close()
            p.join()
        }
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
