// cluster-pool-map: seed 001's Pool(5).map of i * i on a three-member cluster: every member runs chunks
// Seed 001 pool. Run: ./examples/kts cluster-pool-map (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/cluster/ClusterPrograms.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:DependsOn("dev.coprocessing:coprocessing-hazelcast:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.hazelcast.HazelcastContext
import dev.coprocessing.hazelcast.currentMember
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

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { clusterPoolMap() }
