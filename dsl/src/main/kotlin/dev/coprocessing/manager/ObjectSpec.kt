package dev.coprocessing.manager

import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.sync.AbstractLock
import kotlin.time.Duration
import dev.coprocessing.sync.Barrier as PlainBarrier
import dev.coprocessing.sync.BoundedSemaphore as PlainBoundedSemaphore
import dev.coprocessing.sync.Condition as PlainCondition
import dev.coprocessing.sync.Event as PlainEvent
import dev.coprocessing.sync.Lock as PlainLock
import dev.coprocessing.sync.RLock as PlainRLock
import dev.coprocessing.sync.Semaphore as PlainSemaphore

/**
 * What to make: each kind of object with the arguments it is made from, as data a remote backend can ship.
 * [make] builds the object in this JVM. [name] is `null` for an object that takes a name made from its kind.
 * The contents of data objects are copied in (see [Copies]).
 */
internal sealed class ObjectSpec<T : Any>(val kind: Kind, val name: String?) {
    abstract fun make(): T

    class Dict(name: String?, private val initial: Map<*, *>) : ObjectSpec<LinkedHashMap<Any?, Any?>>(Kind.DICT, name) {
        override fun make(): LinkedHashMap<Any?, Any?> =
            LinkedHashMap<Any?, Any?>(maxOf(16, initial.size * 2)).also { table ->
                initial.forEach { (key, value) -> table[Copies.of(key)] = Copies.of(value) }
            }
    }

    class Items(name: String?, private val initial: Iterable<*>) : ObjectSpec<ArrayList<Any?>>(Kind.LIST, name) {
        override fun make(): ArrayList<Any?> = initial.mapTo(ArrayList(), Copies::of)
    }

    class Namespace(name: String?, private val initial: Map<String, *>) :
        ObjectSpec<LinkedHashMap<String, Any?>>(Kind.NAMESPACE, name) {
        override fun make(): LinkedHashMap<String, Any?> =
            LinkedHashMap<String, Any?>().also { attributes -> initial.forEach { (k, v) -> attributes[k] = Copies.of(v) } }
    }

    class Value(name: String?, private val initial: Any?, private val lock: AbstractLock?) : ObjectSpec<Cell>(Kind.VALUE, name) {
        override fun make(): Cell = Cell(Copies.of(initial), lock)
    }

    class Array(name: String?, private val items: List<Any?>, private val lock: AbstractLock?) : ObjectSpec<Cells>(Kind.ARRAY, name) {
        override fun make(): Cells = Cells(Array(items.size) { Copies.of(items[it]) }, lock)
    }

    class Lock(private val reentrant: Boolean) : ObjectSpec<AbstractLock>(if (reentrant) Kind.RLOCK else Kind.LOCK, null) {
        override fun make(): AbstractLock = if (reentrant) PlainRLock() else PlainLock()
    }

    class Semaphore(private val value: Int, private val bounded: Boolean) :
        ObjectSpec<PlainSemaphore>(if (bounded) Kind.BOUNDED_SEMAPHORE else Kind.SEMAPHORE, null) {
        override fun make(): PlainSemaphore = if (bounded) PlainBoundedSemaphore(value) else PlainSemaphore(value)
    }

    class Event : ObjectSpec<PlainEvent>(Kind.EVENT, null) {
        override fun make(): PlainEvent = PlainEvent()
    }

    class Condition(private val lock: AbstractLock?) : ObjectSpec<PlainCondition>(Kind.CONDITION, null) {
        override fun make(): PlainCondition = PlainCondition(lock)
    }

    class Barrier(private val parties: Int, private val timeout: Duration?, private val action: (suspend () -> Unit)?) :
        ObjectSpec<PlainBarrier>(Kind.BARRIER, null) {
        override fun make(): PlainBarrier = PlainBarrier(parties, timeout, action)
    }

    class Queue(private val maxsize: Int) : ObjectSpec<JoinableQueue<Any?>>(Kind.QUEUE, null) {
        override fun make(): JoinableQueue<Any?> = JoinableQueue(maxsize)
    }
}

/** A shared value's state: the value, and the lock that `getLock()` gives (`null` for a raw value). */
internal class Cell(@JvmField var value: Any?, @JvmField val lock: AbstractLock?)

/** A shared array's state: its items (a fixed number), and its lock (`null` for a raw array). */
internal class Cells(@JvmField val items: Array<Any?>, @JvmField val lock: AbstractLock?)
