// ticket-check: five people read {"count": 1} from a JSON file at once
// Seed 001 lock. Run: ./examples/kts ticket-check (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/sync/Tickets.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
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

/** Seed 001, "check tickets": five people read the file at once; reading needs no lock, all see 1. */
suspend fun ticketCheck() = withTicketFile { file ->
    multiprocessing {
        repeat(5) { i -> Process { println("person$i ${readCount(file)}") }.start() }
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { ticketCheck() }
