package dev.coprocessing.examples.manager

import dev.coprocessing.manager.DictProxy
import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep

/**
 * Seed 001, "修改字典的值": `m.dict({'count': 100})` handed to one process, which does
 * `dic['count'] = dic['count'] - 1` and prints it; the parent prints it after `join()`. Both see 99: the dict
 * lives in the manager, and the child changed it there, not a copy of its own.
 */
suspend fun managerDict() = multiprocessing {
    manager {
        val dic = dict(mapOf("count" to 100))
        val p = Process {
            dic["count"] = dic["count"]!! - 1
            println(dic)
        }
        p.start()
        p.join()
        println(dic)
    }
}

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

/**
 * Seed 002, "Manager类": `data = m.dict({"num": 10})` and ten processes that each take the lock with
 * `l.acquire()`, read `num`, write `num - 1` and `l.release()`. The main process does not join them: it sleeps
 * two seconds, by which time all ten have run, and prints the dict.
 */
suspend fun managerCountdown() = multiprocessing {
    manager {
        val data = dict(mapOf("num" to 10))
        val l = Lock()
        suspend fun task() {
            l.acquire()
            try {
                val num = data["num"]!!
                sleep(0.1)
                data["num"] = num - 1
            } finally {
                l.release()
            }
        }
        repeat(10) { Process { task() }.start() }
        sleep(2.0)
        println(data)
    }
}
