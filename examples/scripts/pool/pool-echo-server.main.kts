// pool-echo-server: a TCP echo server on 127.0.0.1 whose connections a Pool(4) serves, with a built-in client
// Seed 001 Pool. Run: ./examples/kts pool-echo-server (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/pool/PoolEchoServer.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.pool.Pool
import dev.coprocessing.process.Process
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.util.concurrent.Callable
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.runInterruptible

/**
 * Seed 001, "进程池版socket并发聊天": a TCP server whose connections a `Pool(4)` serves. Each connection is one
 * task, `talk(conn)`, which answers every message in upper case until the client hangs up.
 *
 * The seed's server loops forever and its client reads the keyboard; here the server listens on 127.0.0.1 on a
 * free port, a built-in client process opens [CLIENTS] connections one after another and sends
 * [MESSAGES] messages on each, and the server stops after serving them all. Watch the pids: four workers at
 * most serve every connection.
 */
suspend fun poolEchoServer() = multiprocessing {
    fun talk(conn: Socket) {
        println("worker ${currentProcess().name} pid: ${currentProcess().pid}")
        conn.use {
            conn.soTimeout = TIMEOUT_MILLIS // a silent client cannot hold a worker forever
            val input = conn.getInputStream()
            val output = conn.getOutputStream()
            val buffer = ByteArray(1024)
            while (true) {
                val n = input.read(buffer) // blocks: this task runs on one of the pool's own threads
                if (n < 0) break // the client hung up
                output.write(String(buffer, 0, n, Charsets.UTF_8).uppercase().toByteArray(Charsets.UTF_8))
                output.flush()
            }
        }
    }

    ServerSocket(0, 5, InetAddress.getLoopbackAddress()).use { server ->
        server.soTimeout = TIMEOUT_MILLIS // the server stops by itself if the client never comes
        val port = server.localPort
        val client = Process(name = "client") {
            runInterruptible(Dispatchers.IO) {
                for (c in 1..CLIENTS) {
                    Socket(InetAddress.getLoopbackAddress(), port).use { socket ->
                        socket.soTimeout = TIMEOUT_MILLIS
                        val buffer = ByteArray(1024)
                        for (m in 1..MESSAGES) {
                            val msg = "hello $m from client $c"
                            socket.getOutputStream().write(msg.toByteArray(Charsets.UTF_8))
                            val n = socket.getInputStream().read(buffer)
                            println("$msg -> ${String(buffer, 0, n, Charsets.UTF_8)}")
                        }
                    }
                }
            }
        }
        client.start()

        val p = Pool(4)
        val served = mutableListOf<AsyncResult<Unit>>()
        repeat(CLIENTS) {
            val conn = runInterruptible(Dispatchers.IO) { server.accept() }
            served += p.applyAsync(Callable { talk(conn) }) // blocking socket code: a Java-style task
        }
        client.join()
        p.close()
        p.join()
        served.forEach { it.get() } // rethrows if a connection failed
        println("served $CLIENTS connections on 127.0.0.1:$port")
    }
}

private val CLIENTS = 3
private val MESSAGES = 3
private val TIMEOUT_MILLIS = 10_000

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { poolEchoServer() }
