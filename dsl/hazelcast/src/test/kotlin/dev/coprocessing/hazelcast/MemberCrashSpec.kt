package dev.coprocessing.hazelcast

import dev.coprocessing.WorkerLostError
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.util.UUID
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeout

/**
 * A member killed (terminated abruptly, no graceful leave) while it runs tasks: only the tasks it held fail, or
 * are retried elsewhere; the pool goes on; nothing is lost from a queue or a dict; its locks are released.
 */
class MemberCrashSpec : FunSpec({
    val members = localCluster(3, basePort = 5831)
    val (a, _, c) = members
    val victimMember = c.instance.cluster.localMember
    afterSpec { members.reversed().forEach { it.close() } }

    test("a member killed mid-map fails only its tasks, or they are retried with retries = 1") {
        multiprocessing {
            val run = UUID.randomUUID().toString()
            val started = a.Manager().dict<String, String>("started-$run")
            val release = a.Event("release-$run")
            val victim = c.instance.cluster.localMember.uuid.toString()

            val queue = a.Queue<Int>("kept-$run")
            val kept = a.Manager().dict<Int, Int>("kept-$run")
            repeat(200) { queue.put(it); kept[it] = it }

            val plain = a.Pool(6)
            val retried = a.withRetries(1).Pool(6)
            fun hold(pool: dev.coprocessing.pool.Pool, tag: String): List<AsyncResult<String>> = (1..6).map { i ->
                pool.applyAsync {
                    val here = currentMember()!!.uuid.toString()
                    started["$tag-$i-$here"] = here
                    release.wait(timeout = 60.seconds)
                    here
                }
            }
            val plainResults = hold(plain, "plain")
            val retriedResults = hold(retried, "retried")
            withTimeout(60.seconds) { while (started.len() < 12) sleep(0.02) }
            started.values().count { it == victim } shouldBe 4 // two workers of each pool on each member

            // A lock held on the victim, by a process running there.
            val lock = a.Lock("held-$run")
            val holder = a.onMember(c.instance.cluster.localMember).Process { lock.acquire(); release.wait(timeout = 60.seconds) }
            holder.start()
            withTimeout(30.seconds) { while (!lock.locked()) sleep(0.02) }

            c.instance.lifecycleService.terminate()
            withTimeout(60.seconds) { while (a.members().size != 2) sleep(0.05) }
            release.set()

            val plainOutcomes = plainResults.map { r -> runCatching { r.get(60.seconds) } }
            plainOutcomes.count { it.isSuccess } shouldBe 4
            plainOutcomes.filter { it.isFailure }.forEach { failed ->
                val error = failed.exceptionOrNull()
                (error is WorkerLostError) shouldBe true
                error!!.message shouldContain "left the cluster"
            }
            // Retried tasks ran again on a member that stayed.
            retriedResults.map { it.get(60.seconds) }.count { it != victim } shouldBe 6

            // The pools go on, on the members that stayed.
            plain.map(1..20) { it + 1 } shouldBe (2..21).toList()
            retried.map(1..20) { currentMember()!!.uuid.toString() }.none { it == victim } shouldBe true

            holder.join(60.seconds)
            holder.exitCode shouldBe 1
            lock.acquire(timeout = 30.seconds) shouldBe true // released for the member that left
            lock.release()

            queue.qsize() shouldBe 200
            kept.len() shouldBe 200
            (0 until 200).map { queue.get(timeout = 5.seconds) } shouldBe (0 until 200).toList()

            plain.close(); plain.join()
            retried.close(); retried.join()
        }
    }

    test("work pinned to a member that has gone finds no place: the executor breaks, saying why") {
        multiprocessing {
            val ex = a.onMember(victimMember).ProcessPoolExecutor(1)
            val error = shouldThrow<Exception> { ex.submit { 1 }.result(30.seconds) }
            generateSequence(error as Throwable) { it.cause }.joinToString(" / ") shouldContain "no member"
            ex.shutdown()
            a.ProcessPoolExecutor(1).use { it.submit { 2 }.result(30.seconds) shouldBe 2 }
        }
    }
})
