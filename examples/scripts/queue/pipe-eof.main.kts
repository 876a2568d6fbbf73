// pipe-eof: closing the sending end makes recv() raise EOFException
// Seed 001 pipe. Run: ./examples/kts pipe-eof (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/PipeSentinel.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process
import java.io.EOFException
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001: the same, ended by closing the pipe instead of a marker: once the sending end is closed and
 * every message has been received, `recv()` raises EOFException.
 *
 * In CPython the child gets copies of both ends, and each process closes the end it does not use: the
 * child closes its copy of `conn2`, the parent its copy of `conn1`. Here objects are shared, not copied:
 * closing `conn1` in the parent would close it for the child too, so nobody closes an end that another
 * process still uses. Each end has one user, who closes it when done: the parent closes `conn2` after
 * sending, which is what makes the child's `recv()` raise EOFException.
 */
suspend fun pipeEof() = multiprocessing {
    fun func(conn1: Connection<String>) = Process {
        while (true) {
            try {
                val msg = conn1.recv()
                println(msg)
            } catch (e: EOFException) {
                println("EOF: the sending end is closed and every message has been received")
                conn1.close()
                break
            }
        }
    }

    val (conn1, conn2) = Pipe<String>()
    func(conn1).start()
    repeat(20) { conn2.send("have you eaten?") }
    conn2.close()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { pipeEof() }
