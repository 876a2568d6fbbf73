// tcp-per-client: a TCP server on 127.0.0.1 with a process per client
// Seed 003/004 processes. Run: ./examples/kts tcp-per-client (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/process/TcpPerClient.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import java.io.BufferedReader
import java.io.InputStreamReader
import java.io.PrintWriter
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/** Seed 004: one client's conversation, served in a process of its own (a blocking target on its own thread). */
private fun connectClient(conn: Socket) {
    conn.use {
        val input = BufferedReader(InputStreamReader(it.getInputStream(), Charsets.UTF_8))
        val output = PrintWriter(it.getOutputStream(), true, Charsets.UTF_8)
        while (true) {
            val dataFromClient = input.readLine() ?: break   // the client closed the connection
            output.println(dataFromClient.uppercase())
        }
    }
}

/**
 * Seeds 003 and 004: a concurrent TCP server that starts a process per client. It listens on 127.0.0.1 on a free
 * port, serves exactly [clients] connections (so the example ends by itself), and a built-in client process per
 * connection sends [messages] lines and checks the echoes. The server's children are joined when it ends.
 */
suspend fun tcpPerClient(clients: Int = 3, messages: Int = 3) = multiprocessing {
    val server = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    server.soTimeout = 10_000   // bounded: a missing client fails the example instead of hanging it
    val port = server.localPort
    println("server listening on 127.0.0.1:$port")

    val serverProcess = Process(name = "server", target = ThrowingRunnable {
        server.use { listening ->
            repeat(clients) {
                val conn = listening.accept()
                println("server: connection from ${conn.remoteSocketAddress}")
                Process(target = ThrowingRunnable { connectClient(conn) }).start()
            }
        }
    })
    serverProcess.start()

    val clientProcesses = List(clients) { c ->
        Process(name = "client-$c", target = ThrowingRunnable {
            Socket(InetAddress.getLoopbackAddress(), port).use { socket ->
                val output = PrintWriter(socket.getOutputStream(), true, Charsets.UTF_8)
                val input = BufferedReader(InputStreamReader(socket.getInputStream(), Charsets.UTF_8))
                repeat(messages) { m ->
                    output.println("hello $m from client $c")
                    println("client $c got: ${input.readLine()}")
                }
            }
        }).also { it.start() }
    }
    clientProcesses.forEach { it.join() }
    serverProcess.join()   // its per-client children are joined before it counts as finished
    println("served $clients clients; exit codes ${clientProcesses.map { it.exitCode } + serverProcess.exitCode}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { tcpPerClient() }
