// ticket-buy-locked: ten users check, then buy under one Lock: exactly one gets the ticket, the file ends at 0
// Seed 000 lock. Run: ./examples/kts ticket-buy-locked (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Tickets.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.deleteIfExists
import kotlin.io.path.readText
import kotlin.io.path.writeText
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
 * Seed 000, "buy tickets with a lock": ten users check the count (no lock needed to read), then buy under one
 * shared Lock that covers the whole read-decide-write. Exactly one user gets the ticket; the file ends at 0.
 */
suspend fun ticketBuyLocked() = withTicketFile { file ->
    multiprocessing {
        val lock = Lock()
        fun search(user: String) = println("$user checked: ${readCount(file)} ticket(s) left")
        suspend fun buy(user: String) = lock.withLock {   // with lock: acquire ... release
            sleep(0.2)
            var count = readCount(file)
            if (count > 0) {
                println("$user bought a ticket")
                count -= 1
            } else {
                println("$user got no ticket")
            }
            sleep(0.2)
            writeCount(file, count)
        }
        repeat(10) { i ->
            Process {
                search("user$i")
                buy("user$i")
            }.start()
        }
    }
    println("the file says ${file.readText()}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { ticketBuyLocked() }
