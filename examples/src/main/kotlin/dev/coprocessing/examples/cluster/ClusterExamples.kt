package dev.coprocessing.examples.cluster

import dev.coprocessing.examples.Example

/** The seed programs on a Hazelcast cluster of three members in this JVM (coprocessing-hazelcast). */
object ClusterExamples {
    val all: List<Example> = listOf(
        Example("cluster-pool-map", "001 pool", "seed 001's Pool(5).map of i * i on a three-member cluster: every member runs chunks", virtualTime = false) {
            clusterPoolMap()
        },
        Example(
            "cluster-producer-consumer",
            "001 queues",
            "two producers and two consumers, processes on different members, share one cluster queue; a None per consumer",
            virtualTime = false,
        ) { clusterProducerConsumer() },
    )
}
