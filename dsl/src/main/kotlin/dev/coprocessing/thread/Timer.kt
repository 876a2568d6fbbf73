package dev.coprocessing.thread

import dev.coprocessing.ThrowingRunnable
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration

/**
 * A thread that runs [function] once [interval] has passed, unless [cancel] is called first, as CPython's
 * `threading.Timer`. Start it with [start]; it is a [Thread] (daemon inherited, `join`, `isAlive`). The wait
 * is in real time, on its own thread.
 *
 * A negative interval throws `IllegalArgumentException`.
 *
 * ```kotlin
 * val t = Timer(30.seconds) { println("you have been idle for 30 s") }
 * t.start()
 * t.cancel()   // before it fires: nothing runs
 * ```
 * ```java
 * Timer t = new Timer(1.5, () -> System.out.println("fired"));
 * t.start();
 * ```
 */
public class Timer(
    /** How long the timer waits, from [start], before it runs its function. */
    public val interval: Duration,
    private val function: ThrowingRunnable,
) : Thread() {
    /**
     * A timer of [interval] seconds, as Python writes it.
     *
     * ```kotlin
     * Timer(0.5) { println("half a second later") }.start()
     * ```
     */
    public constructor(interval: Double, function: ThrowingRunnable) : this(checkedSeconds(interval), function)

    /**
     * A timer of a `java.time.Duration` (Java).
     *
     * ```java
     * new Timer(Duration.ofMillis(500), () -> System.out.println("later")).start();
     * ```
     */
    public constructor(interval: java.time.Duration, function: ThrowingRunnable) : this(interval.toKotlinDuration(), function)

    private val finished = CountDownLatch(1)

    init {
        require(!interval.isNegative()) { "'interval' must be a non-negative number, got $interval" }
    }

    /**
     * Stops the timer if it is still waiting: its function will not run. Does nothing once it has run (or while
     * it runs). Never blocks.
     *
     * ```kotlin
     * timer.cancel()
     * ```
     */
    public fun cancel() {
        finished.countDown()
    }

    /** Waits for [interval] or [cancel], whichever comes first, and runs the function after the former. */
    override fun run() {
        try {
            if (!finished.await(interval.inWholeNanoseconds, TimeUnit.NANOSECONDS)) function.run()
        } finally {
            finished.countDown()
        }
    }

    private companion object {
        fun checkedSeconds(seconds: Double): Duration {
            require(!seconds.isNaN() && seconds >= 0.0) { "'interval' must be a non-negative number, got $seconds" }
            return seconds.seconds
        }
    }
}
