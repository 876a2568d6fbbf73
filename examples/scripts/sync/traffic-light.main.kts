// traffic-light: a light process sets and clears an Event; cars wait for green and pass
// Seed 001 event. Run: ./examples/kts traffic-light (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/TrafficLight.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Event
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

private val RED = "\u001b[1;31mred light\u001b[0m"
private val GREEN = "\u001b[1;32mgreen light\u001b[0m"

/**
 * Seed 001, the traffic light, final version: the light process turns red (the event is cleared) and green
 * (the event is set) every 2 s, six times; cars arrive every 1-3 s. A car that finds the light red says it is
 * waiting, and passes when the light turns green. Watch: every "passes" comes after a green light and before
 * the next red one.
 */
suspend fun trafficLight() = multiprocessing {
    val green = Event()
    val light = Process {
        var count = 0
        while (count < 6) {
            println(RED)
            sleep(2.0)
            if (!green.isSet()) green.set()
            println(GREEN)
            sleep(2.0)
            if (green.isSet()) green.clear()
            count += 1
        }
    }
    fun car(i: Int) = Process {
        if (!green.isSet()) println("car$i is waiting")
        green.wait()
        println("car$i passes the crossing")
    }
    light.start()
    for (i in 1..5) {
        sleep(Random.nextInt(1, 4).toDouble())
        car(i).start()
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { trafficLight() }
