package dev.coprocessing.examples.cluster

import dev.coprocessing.examples.example
import dev.coprocessing.examples.outputOf
import dev.coprocessing.hazelcast.hazelcastContext
import dev.coprocessing.multiprocessing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/** Each cluster example prints what its seed program prints, computed on the members of a local cluster. */
class ClusterExamplesSpec : FunSpec({
    test("cluster-pool-map: seed 001's squares, in order, and every member ran tasks") {
        val out = outputOf(example("cluster-pool-map")).drop(1)
        out shouldBe listOf("[0, 1, 4, 9, 16, 25, 36, 49, 64, 81]", "members that ran tasks: 3 of 3")
    }

    test("cluster-producer-consumer: every food is eaten exactly once, and the queue is left empty") {
        val out = outputOf(example("cluster-producer-consumer")).drop(1)
        val foods = (1..10).flatMap { listOf("alex jiaozi$it", "egon bread$it") }.sorted()
        out.dropLast(1).map { it.substringAfter(" ate ") }.sorted() shouldBe foods
        out.dropLast(1).all { it.startsWith("aoa ate ") || it.startsWith("kuraki ate ") } shouldBe true
        out.last() shouldBe "eaten: 20, left in the queue: 0"
    }

    test("docs/cluster.md's first program runs as shown") {
        // doc:start docs/cluster.md
        hazelcastContext(clusterName = "docs").use { ctx ->
            multiprocessing {
                val pool = ctx.Pool(4)
                println(pool.map(1..10) { it * it })
                val jobs = ctx.Queue<String?>("jobs")
                jobs.put("spam")
                println(jobs.get())
                pool.close()
                pool.join()
            }
        }
        // doc:end
    }
})
