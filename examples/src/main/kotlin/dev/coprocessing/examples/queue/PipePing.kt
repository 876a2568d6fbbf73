package dev.coprocessing.examples.queue

import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process

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
