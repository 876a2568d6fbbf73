package dev.coprocessing.manager

import dev.coprocessing.sync.SyncOp
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.process.blocking
import dev.coprocessing.sync.Event
import kotlin.time.Duration

/** The operations of a managed `Event`. */
internal object EventOps {
    object IsSet : Op<Event, Boolean> {
        override fun applyTo(target: Event): Boolean = target.isSet()
    }

    object Set : Op<Event, Unit> {
        override fun applyTo(target: Event): Unit = target.set()
    }

    object Clear : Op<Event, Unit> {
        override fun applyTo(target: Event): Unit = target.clear()
    }

    class Wait(timeout: Duration?) : WaitingOp<Event, Boolean> {
        private val nanos = SyncOp.nanos(timeout)
        private val timeout: Duration? get() = SyncOp.timeoutOf(nanos)

        override suspend fun applyTo(target: Event): Boolean = target.wait(timeout)
    }
}

/**
 * An `Event` kept by a [Manager], as CPython's `EventProxy`: the same flag as [Event], with its rules (every
 * waiter woken by a [set] returns `true`, waits on coroutine time), reached through the manager. Made by
 * [Manager.Event].
 *
 * Once the manager has shut down, every call throws `IllegalStateException("Manager has shut down")`, and a
 * caller waiting stops waiting with that error. In Java, `wait` is `await`.
 *
 * ```kotlin
 * manager {
 *     val green = Event()
 *     multiprocessing {
 *         Process { green.wait(); println("car passes") }.start()
 *         green.set()
 *     }
 * }
 * ```
 */
public class EventProxy internal constructor(internal val handle: Handle<Event>) {
    /**
     * Whether the flag is up, as Python's `is_set()`. Never suspends.
     *
     * ```kotlin
     * if (!light.isSet()) println("waiting")
     * ```
     */
    public fun isSet(): Boolean = handle.call(EventOps.IsSet)

    /**
     * Raises the flag and wakes every waiter. Never suspends.
     *
     * ```kotlin
     * light.set()
     * ```
     */
    public fun set(): Unit = handle.call(EventOps.Set)

    /**
     * Lowers the flag. Never suspends.
     *
     * ```kotlin
     * light.clear()
     * ```
     */
    public fun clear(): Unit = handle.call(EventOps.Clear)

    /**
     * Suspends until the flag is up or [timeout] has passed (`null`: no limit), as [Event.wait]; returns whether
     * the flag was set. A negative timeout throws `IllegalArgumentException`. Cancellable.
     *
     * ```kotlin
     * if (!done.wait(timeout = 5.seconds)) println("gave up")
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Boolean = handle.await(EventOps.Wait(timeout))

    /**
     * Blocks the calling thread until the flag is up (Java: `await()`). Returns `true`.
     *
     * ```java
     * event.await();
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(): Boolean = blocking { wait() }

    /**
     * Blocks until the flag is up or [timeout] passes; returns whether it was set (Java: `await(Duration)`).
     *
     * ```java
     * event.await(Duration.ofSeconds(5));
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Boolean = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until the flag is up or [timeoutSeconds] pass (Java: `await(double)`).
     *
     * ```java
     * event.await(1.5);
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeoutSeconds: Double): Boolean = blocking { wait(secondsToTimeout(timeoutSeconds)) }

    /**
     * The blocking twin of [wait] with Kotlin's `Duration`; `null` waits without limit. Kotlin only.
     *
     * ```kotlin
     * event.waitBlocking(5.seconds)
     * ```
     */
    @JvmSynthetic
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: Duration?): Boolean = blocking { wait(timeout) }

    /** The event's own repr: `<Event at 0x1b6d3586: set>`. */
    override fun toString(): String =
        if (handle.backend.isShutdown) "<EventProxy ${handle.described} of a Manager that has shut down>" else handle.call(LockOps.Describe)
}
