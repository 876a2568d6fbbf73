package dev.coprocessing.pool

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withTimeout

/** Bounds a test that waits on the pool's real threads: it fails with a message instead of hanging. */
suspend fun <T> bounded(block: suspend CoroutineScope.() -> T): T = withTimeout(30.seconds, block)

/** Runs [block] with stderr captured, and returns what was printed there. Specs run one at a time. */
suspend fun capturingStderr(block: suspend (printed: ByteArrayOutputStream) -> Unit): String {
    val buffer = ByteArrayOutputStream()
    val original = System.err
    System.setErr(PrintStream(buffer, true, Charsets.UTF_8))
    try {
        block(buffer)
    } finally {
        System.setErr(original)
    }
    return buffer.toString(Charsets.UTF_8)
}

/** Polls [condition] until it holds, for at most [seconds]; a bounded wait for something another thread does. */
fun eventually(what: String, seconds: Int = 10, condition: () -> Boolean) {
    val deadline = System.nanoTime() + seconds * 1_000_000_000L
    while (!condition()) {
        check(System.nanoTime() < deadline) { "timed out after $seconds s waiting for: $what" }
        Thread.sleep(5)
    }
}

/** A stack deep enough to overflow any thread's stack. */
fun overflow(n: Int): Int = overflow(n + 1) + 1
