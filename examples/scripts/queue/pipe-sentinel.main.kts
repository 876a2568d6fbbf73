// pipe-sentinel: 20 messages down a pipe, then a null marker stops the reader
// Seed 001 pipe. Run: ./examples/kts pipe-sentinel (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/PipeSentinel.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001: the parent sends twenty messages down a pipe, then `null` as an end marker; the child prints
 * messages until it gets the marker. (The seed's child calls `recv()` twice per loop and so prints every
 * other message; this one prints each message once.)
 */
suspend fun pipeSentinel() = multiprocessing {
    fun func(conn: Connection<String?>) = Process {
        while (true) {
            val msg = conn.recv() ?: break
            println(msg)
        }
    }

    val (conn1, conn2) = Pipe<String?>()
    func(conn1).start()
    repeat(20) { conn2.send("have you eaten?") }
    conn2.send(null)
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { pipeSentinel() }
