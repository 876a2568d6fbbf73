// pipe-ping: a child sends on one end of a Pipe, the parent receives on the other
// Seed 001 pipe. Run: ./examples/kts pipe-ping (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/PipePing.kt by ScriptSourcesSpec:
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
 * Seed 001: a pipe's two ends. A child sends a greeting on its end and closes it; the parent receives it on
 * the other end. Then, in one process, what `left` sends, `right` receives.
 */
suspend fun pipePing() = multiprocessing {
    fun f(conn: Connection<String>) = Process {
        conn.send("Hello The_Third_Wave")
        conn.close()
    }

    val (parentConn, childConn) = Pipe<String>()
    val p = f(childConn)
    p.start()
    println(parentConn.recv())   // waits for the child's message
    p.join()

    val (left, right) = Pipe<String>()
    left.send("1234")
    println(right.recv())
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { pipePing() }
