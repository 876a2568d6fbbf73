package dev.coprocessing.examples.sync

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import dev.coprocessing.sync.Lock
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.deleteIfExists
import kotlin.io.path.readText
import kotlin.io.path.writeText
import kotlin.random.Random
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
