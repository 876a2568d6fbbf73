package dev.coprocessing.hazelcast

import com.hazelcast.core.Hazelcast
import dev.coprocessing.WorkerLostError
import dev.coprocessing.multiprocessing
import dev.coprocessing.sleep
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import java.io.File
import java.util.UUID
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeout

/** A member in another JVM, started by the test: work crosses a real process boundary, and that JVM can die. */
class SeparateJvmSpec : FunSpec({
    val cluster = "jvm-${UUID.randomUUID()}"
    val peers = listOf("127.0.0.1:5851", "127.0.0.1:5852")
    val local = HazelcastContext.owning(
        Hazelcast.newHazelcastInstance(
            memberConfig(cluster, peers, 5851).apply {
                networkConfig.isPortAutoIncrement = false
                fastFailureDetection()
            },
        ),
        retries = 0,
    )
    val build = File(System.getProperty("coprocessing.hazelcast.testClasspath")).parentFile
    val classpath = listOf(File(build, "test-classes").path, File(build, "classes").path) +
        File(System.getProperty("coprocessing.hazelcast.testClasspath")).readText().trim().split(File.pathSeparator)
    val javaBin = File(System.getProperty("java.home"), "bin/java").path
    val options = System.getProperty("coprocessing.hazelcast.jvmOptions").split(' ').filter { it.isNotBlank() }
    val child = ProcessBuilder(listOf(javaBin) + options + listOf("-cp", classpath.joinToString(File.pathSeparator), MemberMain::class.java.name, cluster, "5852", peers.joinToString(",")))
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start()
    afterSpec {
        runCatching { child.outputStream.close() }
        if (!child.waitFor(20, TimeUnit.SECONDS)) child.destroyForcibly().waitFor(20, TimeUnit.SECONDS)
        local.close()
    }

    test("the member in the other JVM joins the cluster") {
        val ready = java.util.concurrent.CompletableFuture.supplyAsync { child.inputStream.bufferedReader().readLine() }
        ready.get(90, TimeUnit.SECONDS) shouldContain "ready"
        withTimeout(60.seconds) { while (local.members().size != 2) sleep(0.05) }
    }

    test("tasks pinned to it run in that JVM, on copies: a captured variable changed there is unchanged here") {
        multiprocessing {
            val remote = local.members().first { it.uuid != local.instance.cluster.localMember.uuid }
            val pool = local.onMember(remote).Pool(2)
            val here = ProcessHandle.current().pid()
            pool.map(1..4) { ProcessHandle.current().pid() }.toSet() shouldBe setOf(child.pid())
            child.pid() shouldNotBe here
            var n = 100
            pool.apply { n -= 1; n } shouldBe 99
            n shouldBe 100
            val q = local.Queue<String>("from-there-${UUID.randomUUID()}")
            pool.apply { q.put("pid ${ProcessHandle.current().pid()}") }
            q.get(timeout = 30.seconds) shouldBe "pid ${child.pid()}"
            pool.close()
            pool.join()
        }
    }

    test("the other JVM killed while it runs a task fails that task with WorkerLostError") {
        multiprocessing {
            val remote = local.members().first { it.uuid != local.instance.cluster.localMember.uuid }
            local.onMember(remote).ProcessPoolExecutor(1).use { ex ->
                val started = local.Event("started-${UUID.randomUUID()}")
                val f = ex.submit { started.set(); sleep(120.0); "never" }
                started.wait(timeout = 60.seconds) shouldBe true
                child.destroyForcibly()
                child.waitFor(30, TimeUnit.SECONDS) shouldBe true
                val error = shouldThrow<WorkerLostError> { f.result(90.seconds) }
                error.message shouldContain "left the cluster"
            }
            withTimeout(60.seconds) { while (local.members().size != 1) sleep(0.05) }
        }
    }
})
