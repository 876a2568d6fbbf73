@file:JvmName("SharedQueue")

package dev.coprocessing.docs.spawn

// doc:start docs/spawn.md
import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing

suspend fun main() = multiprocessing {
    val spawn = getContext("spawn")
    val jobs = spawn.Queue<Int?>()
    val consumer = spawn.Process {
        var sum = 0
        while (true) sum += jobs.get() ?: break
        println("sum $sum")                  // in the child, from the parent's queue
    }
    consumer.start()
    for (i in 1..100) jobs.put(i)
    jobs.put(null)
    consumer.join()
}
// doc:end
