package dev.coprocessing.spawn

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit
import java.util.concurrent.TimeoutException

/** Runs [body] on a thread of its own, failing with [what] if it takes longer than [seconds]. */
internal fun <T> within(seconds: Long, what: String, body: () -> T): T {
    val result = CompletableFuture<T>()
    val thread = Thread({ runCatching(body).fold(result::complete, result::completeExceptionally) }, "bounded: $what")
    thread.isDaemon = true
    thread.start()
    return try {
        result.get(seconds, TimeUnit.SECONDS)
    } catch (_: TimeoutException) {
        throw AssertionError("timed out after $seconds s: $what")
    } catch (e: java.util.concurrent.ExecutionException) {
        throw e.cause!!
    }
}

/** Waits until [buffer] holds [text], failing with [what] after [seconds]: output another thread writes. */
internal fun awaitText(buffer: ByteArrayOutputStream, text: String, what: String, seconds: Long = 10) {
    val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)
    while (!buffer.toString().contains(text)) {
        check(System.nanoTime() < deadline) { "timed out after $seconds s waiting for $what" }
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000)
    }
}

/** Runs [body] with `System.out` going to a buffer it is given. */
internal inline fun <T> capturingStdout(body: (ByteArrayOutputStream) -> T): T {
    val out = ByteArrayOutputStream()
    val original = System.out
    System.setOut(PrintStream(out, true))
    try {
        return body(out)
    } finally {
        System.setOut(original)
    }
}

