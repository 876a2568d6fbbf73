// buy-fruit-serial: start+join in one loop makes it serial
// Seed 003 join. Run: ./examples/kts buy-fruit-serial (no Kotlin install needed), or kotlinc -script this file.
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

/** Seed 003: `start()` then `join()` in the same loop makes the trips one after another: serial, not concurrent. */
suspend fun buyFruitSerial() = multiprocessing {
    for (fruit in listOf("oranges", "apples", "durian")) {
        val p = Process { buy(fruit) }
        p.start()
        p.join()
    }
    println("everyone is back, one after another")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { buyFruitSerial() }
