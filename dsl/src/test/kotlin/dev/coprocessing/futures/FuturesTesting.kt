package dev.coprocessing.futures

import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/** How long a test waits for something another thread does before it fails, naming what it waited for. */
const val PATIENCE_SECONDS: Long = 20

/** Waits (bounded) for [latch], failing with [what] if it does not open in time. */
fun awaitLatch(latch: CountDownLatch, what: String) {
    check(latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) { "timed out after $PATIENCE_SECONDS s waiting for $what" }
}

/**
 * A gate that tasks wait at, to hold a worker (and so keep later tasks pending) until the test opens it.
 * Tasks wait bounded, so a failing test never leaves a worker blocked for good.
 */
class Gate {
    private val open = CountDownLatch(1)
    private val arrived = CountDownLatch(1)

    /** Called by a task: signals that it runs, then waits for [open]. */
    fun pass() {
        arrived.countDown()
        open.await(PATIENCE_SECONDS, TimeUnit.SECONDS)
    }

    /** Waits until some task is at the gate (so its future is running). */
    fun awaitArrival() = awaitLatch(arrived, "a task to reach the gate")

    fun open() = open.countDown()
}

/** Runs [block] with stderr captured, and returns what was printed there. */
inline fun captureStderr(block: () -> Unit): String {
    val buffer = ByteArrayOutputStream()
    val original = System.err
    System.setErr(PrintStream(buffer, true, Charsets.UTF_8))
    try {
        block()
    } finally {
        System.setErr(original)
    }
    return buffer.toString(Charsets.UTF_8)
}

/** A thread's name without the " @coroutine#N" that kotlinx.coroutines' debug mode appends while a coroutine runs. */
fun String.withoutCoroutineName(): String = substringBefore(" @coroutine#")
