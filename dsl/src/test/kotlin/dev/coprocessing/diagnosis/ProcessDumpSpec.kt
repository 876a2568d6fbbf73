package dev.coprocessing.diagnosis

import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.Waits
import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.pool.pool
import dev.coprocessing.process.Process
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.sleep
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldNotContain
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withTimeout

class ProcessDumpSpec : FunSpec({
    withDiagnosis()

    test("the tree: each process with its name, pid, state and daemon flag, children under their parent") {
        runTest {
            multiprocessing {
                val go = Event()
                val parent = Process(name = "parent") {
                    Process(name = "kid", daemon = true) { go.wait() }.start()
                    go.wait()
                }
                parent.start()
                sleep(1.0)
                val lines = dumpProcesses().lines()
                lines[0] shouldMatch Regex("""MainProcess {2}pid=\d+ {2}started {2}daemon=False""")
                lines[1] shouldMatch Regex(""" {4}parent {2}pid=${parent.pid} {2}started {2}daemon=False""")
                lines[2] shouldMatch Regex(""" {8}waits \S+ in Event\.wait\(\) on <Event at 0x\w+: unset>""")
                lines[3] shouldMatch Regex(""" {8}kid {2}pid=\d+ {2}started {2}daemon=True""")
                lines[4] shouldMatch Regex(""" {12}waits \S+ in Event\.wait\(\) on <Event at 0x\w+: unset>""")
                lines.last { it.isNotEmpty() } shouldBe "deadlocks: none"
                go.set()
            }
        }
    }

    test("every kind of wait of the primitives, queues, pipes and processes, with the object and its holder") {
        runTest {
            multiprocessing {
                val lock = Lock().also { it.acquire() }
                val rlock = RLock().also { it.acquire() }
                val sem = Semaphore(0)
                val cond = Condition()
                val event = Event()
                val barrier = Barrier(2)
                val empty = Queue<Int>()
                val full = Queue<Int>(1).also { it.put(1) }
                val tasks = JoinableQueue<Int>().also { it.put(1) }
                val (left, _) = Pipe<String>()
                val waiters = listOf(
                    Process(name = "locker") { lock.acquire() },
                    Process(name = "rlocker") { rlock.acquire() },
                    Process(name = "sem") { sem.acquire() },
                    Process(name = "cond") { cond.withLock { cond.wait() } },
                    Process(name = "event") { event.wait() },
                    Process(name = "barrier") { barrier.wait() },
                    Process(name = "getter") { empty.get() },
                    Process(name = "putter") { full.put(2) },
                    Process(name = "tasks") { tasks.join() },
                    Process(name = "recv") { left.recv() },
                    Process(name = "joiner") { Process(name = "joined") { event.wait() }.also { it.start() }.join() },
                    Process(name = "timed") { event.wait(timeout = 60.seconds) },
                )
                waiters.forEach { it.start() }
                sleep(1.0)
                val dump = dumpProcesses()
                fun addr(o: Any) = Integer.toHexString(System.identityHashCode(o))
                dump shouldContain "in Lock.acquire() on <Lock(owner=MainProcess)> at 0x${addr(lock)}, held by MainProcess"
                dump shouldContain "in RLock.acquire() on <RLock(MainProcess, 1)> at 0x${addr(rlock)}, held by MainProcess"
                dump shouldContain "holds <Lock(owner=MainProcess)> at 0x${addr(lock)}, wanted by locker"
                dump shouldContain "in Semaphore.acquire() on <Semaphore(value=0)> at 0x${addr(sem)}"
                dump shouldContain "in Condition.wait() on <Condition(<RLock(None, 0)>, 1)> at 0x${addr(cond)}"
                dump shouldContain "in Event.wait() on $event"
                dump shouldContain "in Barrier.wait() on $barrier"
                dump shouldContain "in Queue.get() on $empty"
                dump shouldContain "in Queue.put() on $full"
                dump shouldContain "in JoinableQueue.join() on $tasks"
                dump shouldContain "in Connection.recv() on $left"
                dump shouldContain Regex("""in Process\.join\(\) on <Process name='joined' pid=\d+ parent=\d+ started>""")
                dump shouldContain "(timeout 1m)"
                dump shouldContain "deadlocks: none"
                waiters.forEach { it.terminate() }
                lock.release(); rlock.release()
            }
        }
    }

    test("a future's result() and an AsyncResult's get() on real threads") {
        withTimeout(30.seconds) {
            multiprocessing {
                val release = CountDownLatch(1)
                ThreadPoolExecutor(1).use { ex ->
                    val future = ex.submit { release.await(30, TimeUnit.SECONDS) }
                    pool(1) {
                        val result = applyAsync { release.await(30, TimeUnit.SECONDS) }
                        val waiting = listOf(launch { future.result() }, launch { result.get() })
                        while (Waits.snapshot().count { it.kind == WaitKind.RESULT } < 2) delay(10.milliseconds)
                        val dump = dumpProcesses()
                        dump shouldContain "in Future.result() on $future"
                        dump shouldContain Regex("""in AsyncResult\.get\(\) on <AsyncResult""")
                        release.countDown()
                        waiting.forEach { it.join() }
                    }
                }
            }
        }
    }

    test("outside every block the dump shows every running main process; a finished wait is gone") {
        runTest {
            val go = Event()
            val block = launch { multiprocessing { Process(name = "sleeper") { go.wait() }.start() } }
            sleep(1.0)
            dumpProcesses() shouldContain "sleeper"
            dumpProcesses() shouldContain "in Event.wait()"
            go.set()
            block.join()
            dumpProcesses() shouldNotContain "sleeper"
        }
    }
})
