package dev.coprocessing.sync

import dev.coprocessing.manager.BarrierProxy
import dev.coprocessing.manager.ConditionProxy
import dev.coprocessing.manager.EventProxy
import dev.coprocessing.manager.Manager
import dev.coprocessing.manager.SemaphoreProxy
import io.kotest.core.spec.style.FunSpec
import kotlin.time.Duration

/*
 * What lets one suite of cases run over a plain primitive and over the one a manager makes, as CPython's
 * _test_multiprocessing.py runs each test class for the "processes", "manager" and "threads" types: the
 * cases take a factory, and a spec passes the plain one and the managed one.
 */

/** A fresh manager for each test of [spec], shut down after it: where a suite's managed objects are made. */
class ManagerPerTest(spec: FunSpec) {
    @Volatile private var current: Manager? = null

    val manager: Manager get() = checkNotNull(current) { "managed objects are made inside a test" }

    init {
        spec.beforeEach { current = Manager() }
        spec.afterEach {
            current?.shutdown()
            current = null
        }
    }
}

private fun Any.unsupported(what: String): Nothing = error("$what is not defined for ${javaClass.simpleName}")

// ---- Semaphore and SemaphoreProxy: both are Acquirables; these are what they add ---------------------------

fun Acquirable.release(n: Int): Unit = when (this) {
    is Semaphore -> release(n)
    is SemaphoreProxy -> release(n)
    else -> unsupported("release(n)")
}

fun Acquirable.getValue(): Int = when (this) {
    is Semaphore -> getValue()
    is SemaphoreProxy -> getValue()
    else -> unsupported("getValue()")
}

// ---- Condition and ConditionProxy: both are Acquirables; these are what they add ---------------------------

suspend fun Acquirable.wait(timeout: Duration? = null): Boolean = when (this) {
    is Condition -> wait(timeout)
    is ConditionProxy -> wait(timeout)
    else -> unsupported("wait()")
}

suspend fun Acquirable.waitFor(timeout: Duration? = null, predicate: () -> Boolean): Boolean = when (this) {
    is Condition -> waitFor(timeout, predicate)
    is ConditionProxy -> waitFor(timeout, predicate)
    else -> unsupported("waitFor()")
}

fun Acquirable.notify(n: Int = 1): Unit = when (this) {
    is Condition -> notify(n)
    is ConditionProxy -> notify(n)
    else -> unsupported("notify()")
}

fun Acquirable.notifyAll(): Unit = when (this) {
    is Condition -> notifyAll()
    is ConditionProxy -> notifyAll()
    else -> unsupported("notifyAll()")
}

fun Acquirable.waitBlocking(timeoutSeconds: Double): Boolean = when (this) {
    is Condition -> waitBlocking(timeoutSeconds)
    is ConditionProxy -> waitBlocking(timeoutSeconds)
    else -> unsupported("waitBlocking()")
}

fun Acquirable.waitForBlocking(timeout: java.time.Duration, predicate: () -> Boolean): Boolean = when (this) {
    is Condition -> waitForBlocking(timeout, predicate)
    is ConditionProxy -> waitForBlocking(timeout, predicate)
    else -> unsupported("waitForBlocking()")
}

fun Acquirable.waitForBlocking(timeout: Duration? = null, predicate: () -> Boolean): Boolean = when (this) {
    is Condition -> waitForBlocking(timeout, predicate)
    is ConditionProxy -> waitForBlocking(timeout, predicate)
    else -> unsupported("waitForBlocking()")
}

// ---- Event and EventProxy ---------------------------------------------------------------------------------

/** What [Event] and [EventProxy] both offer. */
interface EventView {
    fun isSet(): Boolean
    fun set()
    fun clear()
    suspend fun wait(timeout: Duration? = null): Boolean
    fun waitBlocking(): Boolean
    fun waitBlocking(timeoutSeconds: Double): Boolean
    fun waitBlocking(timeout: java.time.Duration): Boolean
    fun waitBlocking(timeout: Duration?): Boolean
}

fun Event.view(): EventView = object : EventView {
    override fun isSet() = this@view.isSet()
    override fun set() = this@view.set()
    override fun clear() = this@view.clear()
    override suspend fun wait(timeout: Duration?) = this@view.wait(timeout)
    override fun waitBlocking() = this@view.waitBlocking()
    override fun waitBlocking(timeoutSeconds: Double) = this@view.waitBlocking(timeoutSeconds)
    override fun waitBlocking(timeout: java.time.Duration) = this@view.waitBlocking(timeout)
    override fun waitBlocking(timeout: Duration?) = this@view.waitBlocking(timeout)
    override fun toString() = this@view.toString()
}

fun EventProxy.view(): EventView = object : EventView {
    override fun isSet() = this@view.isSet()
    override fun set() = this@view.set()
    override fun clear() = this@view.clear()
    override suspend fun wait(timeout: Duration?) = this@view.wait(timeout)
    override fun waitBlocking() = this@view.waitBlocking()
    override fun waitBlocking(timeoutSeconds: Double) = this@view.waitBlocking(timeoutSeconds)
    override fun waitBlocking(timeout: java.time.Duration) = this@view.waitBlocking(timeout)
    override fun waitBlocking(timeout: Duration?) = this@view.waitBlocking(timeout)
    override fun toString() = this@view.toString()
}

// ---- Barrier and BarrierProxy -----------------------------------------------------------------------------

/** What [Barrier] and [BarrierProxy] both offer. */
interface BarrierView {
    val parties: Int
    val nWaiting: Int
    val broken: Boolean
    suspend fun wait(timeout: Duration? = null): Int
    fun waitBlocking(): Int
    fun waitBlocking(timeoutSeconds: Double): Int
    fun waitBlocking(timeout: java.time.Duration): Int
    fun waitBlocking(timeout: Duration?): Int
    fun reset()
    fun abort()
}

/** How a suite makes its barriers, with the shapes of [Barrier]'s constructors. */
abstract class BarrierKind {
    abstract operator fun invoke(parties: Int, timeout: Duration? = null, action: (suspend () -> Unit)? = null): BarrierView
    abstract operator fun invoke(parties: Int, timeout: java.time.Duration): BarrierView
    abstract operator fun invoke(parties: Int, timeout: java.time.Duration, action: Runnable): BarrierView

    companion object {
        val plain: BarrierKind = object : BarrierKind() {
            override fun invoke(parties: Int, timeout: Duration?, action: (suspend () -> Unit)?) = Barrier(parties, timeout, action).view()
            override fun invoke(parties: Int, timeout: java.time.Duration) = Barrier(parties, timeout).view()
            override fun invoke(parties: Int, timeout: java.time.Duration, action: Runnable) = Barrier(parties, timeout, action).view()
        }

        fun managed(managers: ManagerPerTest): BarrierKind = object : BarrierKind() {
            override fun invoke(parties: Int, timeout: Duration?, action: (suspend () -> Unit)?) =
                managers.manager.Barrier(parties, timeout, action).view()
            override fun invoke(parties: Int, timeout: java.time.Duration) = managers.manager.Barrier(parties, timeout).view()
            override fun invoke(parties: Int, timeout: java.time.Duration, action: Runnable) =
                managers.manager.Barrier(parties, timeout, action).view()
        }
    }
}

fun Barrier.view(): BarrierView = object : BarrierView {
    override val parties get() = this@view.parties
    override val nWaiting get() = this@view.nWaiting
    override val broken get() = this@view.broken
    override suspend fun wait(timeout: Duration?) = this@view.wait(timeout)
    override fun waitBlocking() = this@view.waitBlocking()
    override fun waitBlocking(timeoutSeconds: Double) = this@view.waitBlocking(timeoutSeconds)
    override fun waitBlocking(timeout: java.time.Duration) = this@view.waitBlocking(timeout)
    override fun waitBlocking(timeout: Duration?) = this@view.waitBlocking(timeout)
    override fun reset() = this@view.reset()
    override fun abort() = this@view.abort()
    override fun toString() = this@view.toString()
}

fun BarrierProxy.view(): BarrierView = object : BarrierView {
    override val parties get() = this@view.parties
    override val nWaiting get() = this@view.nWaiting
    override val broken get() = this@view.broken
    override suspend fun wait(timeout: Duration?) = this@view.wait(timeout)
    override fun waitBlocking() = this@view.waitBlocking()
    override fun waitBlocking(timeoutSeconds: Double) = this@view.waitBlocking(timeoutSeconds)
    override fun waitBlocking(timeout: java.time.Duration) = this@view.waitBlocking(timeout)
    override fun waitBlocking(timeout: Duration?) = this@view.waitBlocking(timeout)
    override fun reset() = this@view.reset()
    override fun abort() = this@view.abort()
    override fun toString() = this@view.toString()
}
