package dev.coprocessing.sync

import dev.coprocessing.internal.Remote
import dev.coprocessing.internal.RemoteObject
import dev.coprocessing.internal.WaitKind
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.secondsToTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.internal.waitingOn
import dev.coprocessing.process.blocking
import kotlin.time.Duration
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A flag that callers can wait for, as Python's `multiprocessing.Event`: [set] raises it and wakes every
 * waiter, [clear] lowers it, [wait] suspends while it is down.
 *
 * A waiter woken by [set] returns `true` even if [clear] lowers the flag again before it runs (CPython's
 * issue 13502): every `set()` is seen by everyone who was waiting for it. Waits run on coroutine time.
 *
 * ```kotlin
 * multiprocessing {
 *     val green = Event()
 *     Process { green.wait(); println("car passes") }.start()
 *     sleep(2.0)
 *     green.set()
 * }
 * ```
 *
 * ```java
 * Event green = new Event();
 * green.await();                       // Java: wait() is await()
 * ```
 */
public class Event {
    /** When this event is a worker JVM's proxy of its parent's: the way to it. */
    internal val remote: RemoteObject? = Remote.takeConstructing()

    // Completed while the flag is up; clear() replaces a completed latch with a fresh one.
    @Volatile private var latch = CompletableDeferred<Unit>()
    private val flip = Any()   // orders set() and clear(); private, so user code cannot hold it

    /**
     * Whether the flag is up, as Python's `is_set()`. Never suspends.
     *
     * ```kotlin
     * if (!light.isSet()) println("waiting")
     * ```
     */
    public fun isSet(): Boolean = remote?.let { it.plain(SyncOp.IS_SET) as Boolean } ?: latch.isCompleted

    /**
     * Raises the flag and wakes every waiter. Never suspends; setting a set event does nothing.
     *
     * ```kotlin
     * light.set()
     * ```
     */
    public fun set() {
        remote?.let {
            it.plain(SyncOp.SET)
            return
        }
        synchronized(flip) { latch.complete(Unit) }
    }

    /**
     * Lowers the flag: later [wait] calls suspend until the next [set]. Never suspends; clearing a clear event
     * does nothing.
     *
     * ```kotlin
     * light.clear()
     * ```
     */
    public fun clear() {
        remote?.let {
            it.plain(SyncOp.CLEAR)
            return
        }
        synchronized(flip) { if (latch.isCompleted) latch = CompletableDeferred() }
    }

    /**
     * Suspends until the flag is up or [timeout] has passed (`null`: no limit); returns `true` if the flag was
     * set before or during the wait, `false` on timeout. With the flag already up it returns `true` at once.
     * `timeout = Duration.ZERO` just reads the flag. A negative timeout throws `IllegalArgumentException`.
     *
     * Cancellable: cancelling the caller stops the wait with `CancellationException` and changes nothing.
     *
     * ```kotlin
     * if (!done.wait(timeout = 5.seconds)) println("gave up")
     * ```
     */
    @JvmSynthetic
    public suspend fun wait(timeout: Duration? = null): Boolean {
        checkTimeout(timeout)
        remote?.let { return it.call(SyncOp.Wait(SyncOp.nanos(timeout))) as Boolean }
        val awaited = latch
        if (awaited.isCompleted) return true
        waitingOn(WaitKind.EVENT_WAIT, this, timeout) {
            if (timeout == null) awaited.await() else withTimeoutOrNull(timeout) { awaited.await() }
        }
        // A set() that raced with the timeout still counts: it happened during the wait.
        return awaited.isCompleted
    }

    /**
     * Blocks the calling thread until the flag is up: the blocking twin of [wait] (Java: `await()`, since
     * `Object.wait()` takes the name). Always returns `true`.
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
     * if (!event.await(Duration.ofSeconds(5))) System.out.println("gave up");
     * ```
     */
    @JvmName("await")
    @Throws(InterruptedException::class)
    public fun waitBlocking(timeout: java.time.Duration): Boolean = blocking { wait(timeout.toTimeout()) }

    /**
     * Blocks until the flag is up or [timeoutSeconds] pass, as Python's `wait(1.5)` (Java: `await(double)`).
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

    /** `<Event at 0x1b6d3586: set>` or `<Event at 0x1b6d3586: unset>`, as `threading.Event` writes it. */
    override fun toString(): String = remote?.describe("Event") ?:
        "<Event at 0x${Integer.toHexString(System.identityHashCode(this))}: ${if (isSet()) "set" else "unset"}>"

    private companion object {
        init {
            SyncSharing.register()
        }
    }
}
