package dev.coprocessing.examples.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Event
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds

private const val RED = "\u001b[1;31mred light\u001b[0m"
private const val GREEN = "\u001b[1;32mgreen light\u001b[0m"

/**
 * Seed 001, the Event basics: a new event is not set; waiting on it would block forever (here it gives up
 * after a second); once set, wait() returns at once.
 */
suspend fun eventBasics() = multiprocessing {
    val e = Event()
    println(e.isSet())                                          // False at the start
    println("wait for 1 s on an unset event: ${e.wait(timeout = 1.seconds)}")
    e.set()
    e.wait()
    println(e.isSet())
    println("1")
}

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
