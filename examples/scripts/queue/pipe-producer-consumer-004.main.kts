// pipe-producer-consumer-004: the main process sends 5 portions, a child eats them until EOF
// Seed 004 pipe. Run: ./examples/kts pipe-producer-consumer-004 (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/queue/PipeProducerConsumer.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import java.io.EOFException
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 004: the main process is the producer (five portions, sent at once) and a child is the consumer
 * (one portion every 1 to 4 s). Watch: the five "sent" lines come first, then the five "received" ones;
 * the consumer stops when it meets the end of the pipe.
 *
 * As in the seed 001 version, each end is closed by the one process that uses it: the seed's
 * `right_conn.close()` in the producer and `left_conn.close()` in the consumer would, with shared ends,
 * close the other side's end, so they are left out; the producer closes its sending end when done.
 */
suspend fun pipeProducerConsumer004() = multiprocessing {
    fun producer(name: String, leftConn: Connection<String>) {
        for (i in 0 until 5) {
            val data = "chef $name made portion $i!"
            leftConn.send(data)   // from the left end into the pipe
            println("producer $name :>>>>  $data")
        }
        leftConn.close()
    }

    fun customer(name: String, rightConn: Connection<String>) = Process {
        while (true) {
            try {
                val food = rightConn.recv()
                sleep(Random.nextInt(1, 5).toDouble())
                println("consumer $name :>>>>  $food")
            } catch (e: EOFException) {
                rightConn.close()
                break
            }
        }
    }

    val (leftConn, rightConn) = Pipe<String>()
    val customerSmile = customer("abc", rightConn)
    customerSmile.start()
    producer(name = "zyx", leftConn = leftConn)
    customerSmile.join()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { pipeProducerConsumer004() }
