package dev.coprocessing.examples.queue

import dev.coprocessing.multiprocessing
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pipe.Pipe
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import java.io.EOFException
import kotlin.random.Random

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
