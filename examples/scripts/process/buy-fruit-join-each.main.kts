// buy-fruit-join-each: join each buyer in turn
// Seed 003 join. Run: ./examples/kts buy-fruit-join-each (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/StartAndJoin.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

private suspend fun buy(fruit: String) {
    val seconds = Random.nextDouble(1.0, 3.0)
    println("start buy $fruit %.2f".format(seconds))
    sleep(seconds)
    println("end buy $fruit")
}

/**
 * Seed 003: three people go to buy fruit. Joining each one in turn waits for that person only: the
 * "is back" lines come in the order of the joins, but the buying itself happens concurrently.
 */
suspend fun buyFruitJoinEach() = multiprocessing {
    val oranges = Process { buy("oranges") }.also { it.start() }
    val apples = Process { buy("apples") }.also { it.start() }
    val durian = Process { buy("durian") }.also { it.start() }
    oranges.join()
    println("the one buying oranges is back")
    apples.join()
    println("the one buying apples is back")
    durian.join()
    println("the one buying durian is back")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { buyFruitJoinEach() }
