// manager-race-and-lock: 100 processes do count -= 1: without a lock updates are lost; with a Lock, or update { }, it ends at 0
// Seed 001/002 Manager. Run: ./examples/kts manager-race-and-lock (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/manager/ManagerDict.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.manager.DictProxy
import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seeds 001 "循环修改" and 002: 100 processes each do `dic['count'] -= 1` on a managed dict. That is a read and
 * then a write, and a CPython process waits for the manager's reply in between; here each process pauses there
 * too (`sleep(0.01)`). Without a lock, many read the same count and their writes overwrite each other: the
 * count ends far above 0. With one `Lock` around the read and the write (`with lock:`, here `withLock { }`),
 * it ends at 0; so it does with the dict's atomic `update`, which needs no lock at all.
 */
suspend fun managerRaceAndLock() = multiprocessing {
    manager {
        suspend fun hundredProcesses(work: suspend (DictProxy<String, Int>) -> Unit): DictProxy<String, Int> {
            val dic = dict(mapOf("count" to 100))
            val pLst = List(100) { Process { work(dic) } }
            pLst.forEach { it.start() }
            pLst.forEach { it.join() }
            return dic
        }

        val racy = hundredProcesses { dic ->
            val count = dic["count"]!!
            sleep(0.01)                       // waiting for the manager's reply, as CPython does
            dic["count"] = count - 1
        }
        println("without a lock: $racy")

        val lock = Lock()
        val locked = hundredProcesses { dic ->
            lock.withLock {                   // with lock:
                val count = dic["count"]!!
                sleep(0.01)
                dic["count"] = count - 1
            }
        }
        println("with a lock: $locked")

        val atomic = hundredProcesses { dic -> dic.update("count") { it - 1 } }
        println("with update { }: $atomic")
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { managerRaceAndLock() }
