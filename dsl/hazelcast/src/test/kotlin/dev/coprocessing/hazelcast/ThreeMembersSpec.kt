package dev.coprocessing.hazelcast

import dev.coprocessing.multiprocessing
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.UUID
import kotlin.time.Duration.Companion.seconds

/** Three members in one JVM: work spreads over them, and one name is one object on all of them. */
class ThreeMembersSpec : FunSpec({
    val members = localCluster(3, basePort = 5821)
    val (a, b, c) = members
    afterSpec { members.reversed().forEach { it.close() } }

    test("the members form one cluster") {
        members.forEach { it.members().size shouldBe 3 }
    }

    test("map spreads its chunks over every member, and the results come back in order") {
        multiprocessing {
            val pool = a.Pool(6)
            val where = pool.map(1..60) { currentMember()!!.uuid.toString() }
            where.toSet() shouldBe members.map { it.instance.cluster.localMember.uuid.toString() }.toSet()
            pool.map(1..60) { it * 2 } shouldBe (1..60).map { it * 2 }
            pool.close()
            pool.join()
        }
    }

    test("work pinned to a chosen member runs there: executor submit and processes") {
        multiprocessing {
            val third = c.instance.cluster.localMember
            a.onMember(third).ProcessPoolExecutor(1).use { ex ->
                repeat(3) { ex.submit { currentMember()!!.uuid }.result(30.seconds) shouldBe third.uuid }
            }
            val seen = a.Manager().Value("seen-${UUID.randomUUID()}", "")
            val p = a.Process(member = b.instance.cluster.localMember) { seen.value = currentMember()!!.uuid.toString() }
            p.start()
            p.join(30.seconds)
            p.exitCode shouldBe 0
            seen.value shouldBe b.instance.cluster.localMember.uuid.toString()
        }
    }

    test("one name on two members is one queue: producers and consumers on different members") {
        multiprocessing {
            val name = "jobs-${UUID.randomUUID()}"
            val produced = a.Queue<Int?>(name)
            val pool = a.Pool(6)
            // Two producers, two consumers, on whichever members their workers are: one sentinel per consumer.
            val consumers = (1..2).map {
                pool.applyAsync {
                    var sum = 0
                    while (true) sum += produced.get(timeout = 60.seconds) ?: break
                    sum
                }
            }
            val producers = (0..1).map { half -> pool.applyAsync { for (i in 1..50) produced.put(half * 50 + i); true } }
            producers.forEach { it.get(60.seconds) }
            val seenFromC = c.Queue<Int?>(name)
            repeat(2) { seenFromC.put(null) }
            consumers.sumOf { it.get(60.seconds) } shouldBe (1..100).sum()
            produced.empty() shouldBe true
            pool.close()
            pool.join()
        }
    }

    test("a dict updated from every member counts every update once; a lock excludes across members") {
        multiprocessing {
            val counts = b.Manager().dict<String, Int>("counts-${UUID.randomUUID()}")
            val lock = a.Lock("lock-${UUID.randomUUID()}")
            val ledger = a.Manager().list<Int>("ledger-${UUID.randomUUID()}")
            val pool = a.Pool(6)
            pool.map(1..60) { counts.update("n", 0) { n -> n + 1 } }
            counts["n"] shouldBe 60
            // Read-modify-write of a list under the lock: no two tasks append the same number.
            pool.map(1..30) { lock.withLock { ledger.append(ledger.len()) } }
            ledger.toList() shouldBe (0 until 30).toList()
            pool.close()
            pool.join()
        }
    }
})
