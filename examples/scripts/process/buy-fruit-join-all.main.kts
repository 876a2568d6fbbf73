// buy-fruit-join-all: start all, then join all: the longest trip, not the sum
// Seed 003 join. Run: ./examples/kts buy-fruit-join-all (no Kotlin install needed), or kotlinc -script this file.
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

/** Seed 003: start all three, then join all three: the total time is the longest trip, not the sum. */
suspend fun buyFruitJoinAll() = multiprocessing {
    val buyers = listOf("oranges", "apples", "durian").map { fruit -> Process { buy(fruit) }.also { it.start() } }
    println(buyers)
    buyers.forEach { it.join() }
    println("everyone is back")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { buyFruitJoinAll() }
