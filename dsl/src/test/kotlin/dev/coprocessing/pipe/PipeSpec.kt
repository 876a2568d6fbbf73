package dev.coprocessing.pipe

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import java.io.EOFException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/** Pipe and Connection, after the pipe parts of CPython's _test_multiprocessing.py. */
class PipeSpec : FunSpec({

    test("a duplex pipe carries messages both ways, in order") {
        runTest {
            val (left, right) = Pipe<String>()
            left.readable shouldBe true
            left.writable shouldBe true
            left.send("1234")
            left.send("5678")
            right.recv() shouldBe "1234"
            right.recv() shouldBe "5678"
            right.send("back")
            left.recv() shouldBe "back"
        }
    }

    test("a one-way pipe is (reader, writer), and rejects the wrong direction") {
        runTest {
            val (reader, writer) = Pipe<Int>(duplex = false)
            reader.readable shouldBe true
            reader.writable shouldBe false
            writer.readable shouldBe false
            writer.writable shouldBe true
            writer.send(1)
            reader.recv() shouldBe 1
            shouldThrow<IllegalStateException> { reader.send(2) }.message shouldStartWith "connection is read-only"
            shouldThrow<IllegalStateException> { writer.recv() }.message shouldStartWith "connection is write-only"
            shouldThrow<IllegalStateException> { writer.poll() }.message shouldStartWith "connection is write-only"
            shouldThrow<IllegalStateException> { reader.sendBytes(byteArrayOf(1)) }.message shouldStartWith
                "connection is read-only"
            shouldThrow<IllegalStateException> { writer.recvBytes() }.message shouldStartWith "connection is write-only"
        }
    }

    test("recv suspends until a message is sent") {
        runTest {
            val (left, right) = Pipe<String>()
            val got = async { right.recv() to currentTime }
            delay(1_500)
            left.send("late")
            got.await() shouldBe ("late" to 1_500L)
        }
    }

    test("recv throws EOFException once the other end is closed and every message received") {
        runTest {
            val (left, right) = Pipe<String>()
            left.send("a"); left.send("b")
            left.close()
            right.recv() shouldBe "a"
            right.poll() shouldBe true // EOF is something to read: recv would not wait
            right.recv() shouldBe "b"
            shouldThrow<EOFException> { right.recv() }
            shouldThrow<EOFException> { right.recvBytes() }
            shouldThrow<EOFException> { right.recv() } // and again
        }
    }

    test("a waiting recv wakes with EOFException when the other end closes") {
        runTest {
            val (reader, writer) = Pipe<Int>(duplex = false)
            val got = async { runCatching { reader.recv() } }
            delay(1_000)
            writer.close()
            got.await().exceptionOrNull().shouldBeInstanceOf<EOFException>()
            currentTime shouldBe 1_000
        }
    }

    test("a closed end throws 'handle is closed'; closing twice is fine; waiting callers on it wake") {
        runTest {
            val (left, right) = Pipe<String>()
            val waiting = async { runCatching { left.recv() } }
            runCurrent()
            left.close()
            left.close()
            left.closed shouldBe true
            waiting.await().exceptionOrNull()!!.message shouldBe "handle is closed"
            shouldThrow<IllegalStateException> { left.send("x") }.message shouldBe "handle is closed"
            shouldThrow<IllegalStateException> { left.recv() }.message shouldBe "handle is closed"
            shouldThrow<IllegalStateException> { left.poll() }.message shouldBe "handle is closed"
            shouldThrow<IllegalStateException> { left.sendBytes(ByteArray(1)) }.message shouldBe "handle is closed"
            shouldThrow<IllegalStateException> { left.recvBytes() }.message shouldBe "handle is closed"
            // The other end sees EOF, and cannot send into a pipe nobody reads.
            shouldThrow<EOFException> { right.recv() }
            shouldThrow<IllegalStateException> { right.send("x") }.message shouldContain "broken pipe"
        }
    }

    test("poll waits up to its timeout; zero does not wait; null waits for as long as it takes") {
        runTest {
            val (left, right) = Pipe<Int>()
            right.poll() shouldBe false
            currentTime shouldBe 0
            right.poll(2.seconds) shouldBe false
            currentTime shouldBe 2_000
            launch { delay(500); left.send(1) }
            right.poll(10.seconds) shouldBe true
            currentTime shouldBe 2_500
            right.poll() shouldBe true // poll takes nothing
            right.recv() shouldBe 1
            launch { delay(3_000); left.send(2) }
            right.poll(null) shouldBe true
            currentTime shouldBe 5_500
            right.recv() shouldBe 2
            shouldThrow<IllegalArgumentException> { right.poll((-1).seconds) }.message shouldStartWith
                "'timeout' must be a non-negative number"
        }
    }

    test("a cancelled recv takes nothing: the message goes to the next recv") {
        runTest {
            val (left, right) = Pipe<String>()
            val cancelled = launch { right.recv() }
            runCurrent()
            left.send("x")      // set aside for the first receiver, which has not run yet
            cancelled.cancel()
            right.recv() shouldBe "x"
        }
    }

    test("a poller that is served passes the message on to a waiting receiver") {
        runTest {
            val (left, right) = Pipe<String>()
            val poller = async { right.poll(null) }
            runCurrent()
            val receiver = async { right.recv() }
            runCurrent()
            left.send("m")
            poller.await() shouldBe true
            receiver.await() shouldBe "m"
        }
    }

    context("bytes") {
        test("sendBytes and recvBytes, with offset and size; the buffer is copied") {
            runTest {
                val (left, right) = Pipe<Any?>()
                val buf = "hello world".toByteArray()
                left.sendBytes(buf)
                left.sendBytes(buf, 6)
                left.sendBytes(buf, 0, 5)
                buf.fill(0)
                right.recvBytes().decodeToString() shouldBe "hello world"
                right.recvBytes().decodeToString() shouldBe "world"
                right.recvBytes(maxlength = 5).decodeToString() shouldBe "hello"
            }
        }
        test("recvBytesInto copies into a buffer at an offset") {
            runTest {
                val (left, right) = Pipe<Any?>()
                left.sendBytes(byteArrayOf(1, 2, 3))
                val buffer = ByteArray(5)
                right.recvBytesInto(buffer, 2) shouldBe 3
                buffer.toList() shouldContainExactly listOf<Byte>(0, 0, 1, 2, 3)
                left.sendBytes(ByteArray(4))
                shouldThrow<IllegalArgumentException> { right.recvBytesInto(buffer, 2) }
                right.recvBytesInto(buffer) shouldBe 4
            }
        }
        test("bad ranges use CPython's messages") {
            val (left, _) = Pipe<Any?>()
            val buf = ByteArray(4)
            shouldThrow<IllegalArgumentException> { left.sendBytes(buf, -1) }.message shouldStartWith "offset is negative"
            shouldThrow<IllegalArgumentException> { left.sendBytes(buf, 5) }.message shouldStartWith "buffer length < offset"
            shouldThrow<IllegalArgumentException> { left.sendBytes(buf, 0, -1) }.message shouldStartWith "size is negative"
            shouldThrow<IllegalArgumentException> { left.sendBytes(buf, 2, 3) }.message shouldStartWith
                "buffer length < offset + size"
        }
        test("a message too long for maxlength, or of the other kind, is refused and stays in the pipe") {
            runTest {
                val (left, right) = Pipe<Any?>()
                left.sendBytes(ByteArray(10))
                shouldThrow<IllegalArgumentException> { right.recvBytes(maxlength = 4) }.message shouldStartWith
                    "bad message length"
                shouldThrow<IllegalStateException> { right.recv() }.message shouldContain "recvBytes()"
                right.recvBytes().size shouldBe 10
                left.send("text")
                shouldThrow<IllegalStateException> { right.recvBytes() }.message shouldContain "recv()"
                right.recv() shouldBe "text"
                left.send(byteArrayOf(7)) // a ByteArray object reads as bytes too
                right.recvBytes().toList() shouldContainExactly listOf<Byte>(7)
            }
        }
    }

    test("objects are shared, not copied: an end closed in a child is closed for the parent too") {
        runTest {
            multiprocessing {
                val (parentEnd, childEnd) = Pipe<String>()
                val p = Process {
                    childEnd.send("Hello The_Third_Wave")
                    childEnd.close()
                }
                p.start()
                parentEnd.recv() shouldBe "Hello The_Third_Wave"
                p.join()
                childEnd.closed shouldBe true
                shouldThrow<EOFException> { parentEnd.recv() }
            }
        }
    }

    test("toString names the end's state") {
        val (reader, writer) = Pipe<Int>(duplex = false)
        reader.toString() shouldMatch Regex("<Connection at 0x[0-9a-f]+ readable>")
        writer.close()
        writer.toString() shouldMatch Regex("<Connection at 0x[0-9a-f]+ closed writable>")
    }

    context("blocking twins, for threads and Java") {
        test("recv blocks a thread until another sends; EOFException after close") {
            val (left, right) = Pipe<String>()
            val got = CompletableFuture.supplyAsync { right.recvBlocking() }
            left.send("ping")
            got.get(10, TimeUnit.SECONDS) shouldBe "ping"
            left.close()
            shouldThrow<EOFException> { right.recvBlocking() }
        }
        test("poll in every form") {
            val (left, right) = Pipe<Int>()
            right.pollBlocking() shouldBe false
            right.pollBlocking(0.01) shouldBe false
            right.pollBlocking(java.time.Duration.ofMillis(10)) shouldBe false
            left.send(1)
            right.pollBlocking(null as java.time.Duration?) shouldBe true
            right.pollBlocking(timeout = 1.seconds) shouldBe true
            shouldThrow<IllegalArgumentException> { right.pollBlocking(-1.0) }
            right.recvBlocking() shouldBe 1
        }
    }
})
