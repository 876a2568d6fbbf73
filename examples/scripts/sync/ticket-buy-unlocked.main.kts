// ticket-buy-unlocked: buying without a lock: everyone reads before anyone writes, the one ticket is oversold
// Seed 001 lock. Run: ./examples/kts ticket-buy-unlocked (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Tickets.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.deleteIfExists
import kotlin.io.path.readText
import kotlin.io.path.writeText
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.int
import kotlinx.serialization.json.jsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put

/** The seeds' `ticket` file: `{"count": 1}`, in a temporary directory that is removed afterwards. */
private suspend fun <T> withTicketFile(count: Int = 1, body: suspend (Path) -> T): T {
    val dir = Files.createTempDirectory("tickets")
    val file = dir.resolve("ticket")
    writeCount(file, count)
    try {
        return body(file)
    } finally {
        file.deleteIfExists()
        dir.deleteIfExists()
    }
}

private fun readCount(file: Path): Int = Json.parseToJsonElement(file.readText()).jsonObject["count"]!!.jsonPrimitive.int

private fun writeCount(file: Path, count: Int) = file.writeText(buildJsonObject { put("count", count) }.toString())

/**
 * Seed 001, "buy tickets, wrong": five people read the count, think a while, and write it back, with no lock.
 * Everyone reads before anyone writes, so several are told they got the only ticket: the file is oversold.
 */
suspend fun ticketBuyUnlocked() = withTicketFile { file ->
    multiprocessing {
        repeat(5) { i ->
            Process {
                var count = readCount(file)
                sleep(Random.nextDouble(0.01, 1.0))       // reading takes time
                if (count > 0) {
                    println("person$i bought a ticket")
                    count -= 1
                } else {
                    println("no tickets left, person$i got none")
                }
                sleep(Random.nextDouble(0.01, 1.0))       // so does writing
                writeCount(file, count)
            }.start()
        }
    }
    println("the file says ${file.readText()}: one ticket, sold to everyone who saw it before the first write")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { ticketBuyUnlocked() }
