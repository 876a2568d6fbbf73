@file:JvmName("SpawnTour")

package dev.coprocessing.docs.spawn

// doc:start docs/spawn.md
import dev.coprocessing.context.getContext
import dev.coprocessing.multiprocessing

suspend fun main() = multiprocessing {
    val spawn = getContext("spawn")
    var n = 1000
    val p = spawn.Process { n -= 1; println(n) }    // 999, in another JVM
    p.start()
    p.join()
    println(n)                                       // 1000
    val pool = spawn.Pool(4)
    println(pool.map((1..10).toList()) { it * it })  // computed in four worker JVMs
    pool.close()
    pool.join()
}
// doc:end
