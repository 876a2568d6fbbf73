// pipe-producer-consumer: producer and consumer processes over a pipe, ended by EOF
// Seed 001 pipe. Run: ./examples/kts pipe-producer-consumer (no Kotlin install needed), or kotlinc -script this file.
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
 * Seed 001: a producer process sends ten portions down a pipe, a consumer process receives them until
 * EOFException. Watch: every portion is received, in order, and the consumer stops on its own.
 *
 * The seed passes both ends to both processes, and each process first closes the end it does not use,
 * then the parent closes both: in CPython every process holds its own copy of each end, and EOF comes only
 * once every copy of the sending end is closed. Here the ends are shared, not copied, and closing one
 * closes it for everyone: the producer's `pipe1.close()` would close the consumer's receiving end. So the
 * faithful equivalent is that each end is closed once, by the one process that uses it: the producer closes
 * `pipe2` when it has sent everything, the consumer closes `pipe1` when it sees EOF, and the parent closes
 * nothing.
 */
suspend fun pipeProducerConsumer() = multiprocessing {
    fun producer(pipe2: Connection<String>, name: String, food: String) = Process {
        for (i in 0 until 10) {
            sleep(Random.nextDouble())
            val f = "$name$food$i"
            println(f)
            pipe2.send(f)
        }
        pipe2.close()   // done sending: the consumer's recv() will raise EOFException once it has the rest
    }

    fun consumer(pipe1: Connection<String>, name: String) = Process {
        while (true) {
            try {
                val f = pipe1.recv()
                println("$name ate $f")
                sleep(Random.nextDouble())
            } catch (e: EOFException) {
                pipe1.close()
                break
            }
        }
    }

    val (pipe1, pipe2) = Pipe<String>()
    val p = producer(pipe2, "alex", " slop ")
    val c = consumer(pipe1, "egon")
    p.start()
    c.start()
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { pipeProducerConsumer() }
