@file:Suppress("unused")

package dev.coprocessing.reliability

import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.BoundedSemaphore
import dev.coprocessing.sync.BrokenBarrierError
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import io.kotest.core.spec.style.FunSpec
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.paramgen.ThreadIdGen

/**
 * Every lock of `sync` is linearizable: concurrent histories of its operations, waits cancelled while they wait
 * or just as they are woken included, read as some order of the same operations one after another. Lincheck
 * checks a history against the model run one operation at a time on one thread; where ownership matters (an
 * RLock), a sequential specification that names the caller stands in for it. A condition's notify without the
 * lock (refused per caller) is left to ConditionSpec for the same reason.
 */
class SyncLincheckSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    linearizable("Lock", LockModel::class)
    // No actors before or after the parallel part: those run on no thread of their own, and an RLock knows its caller.
    linearizable(
        "RLock", RLockModel::class, sequential = RLockSequential::class,
        modelChecking = Linearizability.modelChecking.copy(actorsBefore = 0, actorsAfter = 0),
        stress = Linearizability.stress.copy(actorsBefore = 0, actorsAfter = 0),
    )
    linearizable("Semaphore", SemaphoreModel::class)
    linearizable("BoundedSemaphore", BoundedSemaphoreModel::class)
    linearizable("Event", EventModel::class)
    linearizable("Condition", ConditionModel::class)
    linearizable("Barrier", BarrierModel::class)
})

/**
 * [Lock]'s operations. Every suspend operation runs as a caller of its own, so the fail-fast re-acquire (covered
 * in LockSpec) never applies: this checks the mutex itself.
 */
class LockModel {
    private val lock = Lock()

    @Operation
    suspend fun tryAcquire(): Boolean = lock.acquire(block = false)

    @Operation(promptCancellation = true)
    suspend fun acquire(): Boolean = lock.acquire()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun release(): Unit = lock.release()

    @Operation
    fun locked(): Boolean = lock.locked()
}

/**
 * [RLock]'s operations, each naming the Lincheck thread that calls it (the lock itself knows its caller by its
 * thread: the blocking twin makes each thread one caller), so that [RLockSequential] can say what an owned lock
 * does: re-entry by its holder counts levels, a release by anyone else is refused and changes nothing. The
 * waiting acquire is the same code as [Lock]'s, which [LockModel] checks.
 */
@Param(name = "thread", gen = ThreadIdGen::class)
class RLockModel {
    private val lock = RLock()

    @Operation
    fun tryAcquire(@Param(name = "thread") thread: Int): Boolean = lock.acquireBlocking(false)

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun release(@Param(name = "thread") thread: Int): Unit = lock.release()

    @Operation
    fun locked(): Boolean = lock.locked()
}

/** What an RLock does, one call at a time, with its caller named: the sequential specification of [RLockModel]. */
class RLockSequential {
    private var owner = -1
    private var levels = 0

    fun tryAcquire(thread: Int): Boolean {
        if (owner != -1 && owner != thread) return false
        owner = thread
        levels++
        return true
    }

    fun release(thread: Int) {
        check(owner == thread) { "cannot release un-acquired lock" }
        if (--levels == 0) owner = -1
    }

    fun locked(): Boolean = owner != -1
}

/** [Semaphore]'s operations: acquire may be cancelled while it waits, or as it gets its permit. */
class SemaphoreModel {
    private val sem = Semaphore(1)

    @Operation
    suspend fun tryAcquire(): Boolean = sem.acquire(block = false)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun acquire(): Boolean = sem.acquire()

    @Operation
    fun release(): Unit = sem.release()

    @Operation
    fun value(): Int = sem.getValue()
}

/** A bounded semaphore of two permits: over-release is an error, and changes nothing. */
class BoundedSemaphoreModel {
    private val sem = BoundedSemaphore(2)

    @Operation
    suspend fun tryAcquire(): Boolean = sem.acquire(block = false)

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun acquire(): Boolean = sem.acquire()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class])
    fun release(): Unit = sem.release()

    @Operation
    fun value(): Int = sem.getValue()
}

/** [Event]: a waiter suspends until the flag is up; set and clear race with it. */
class EventModel {
    private val event = Event()

    @Operation
    fun set(): Unit = event.set()

    @Operation
    fun clear(): Unit = event.clear()

    @Operation
    fun isSet(): Boolean = event.isSet()

    @Operation(promptCancellation = true, allowExtraSuspension = true)
    suspend fun await(): Boolean = event.wait()
}

/**
 * [Condition] guarding a counter, as its users write it: waiters wait for the counter to move, notifiers move it;
 * the lock is always held again when wait returns.
 */
class ConditionModel {
    private val cond = Condition()
    private var counter = 0

    // Not cancelled by Lincheck: its verifier fails (a NullPointerException in LTS.nextByCancellation) on a wait
    // cancelled inside withLock. ConditionSpec covers a cancelled wait handing its notification on.
    @Operation(cancellableOnSuspension = false, allowExtraSuspension = true)
    suspend fun awaitNotified(): Int = cond.withLock {
        cond.wait()
        counter
    }

    @Operation(allowExtraSuspension = true)
    suspend fun bumpAndNotify(): Int = cond.withLock {
        counter++
        cond.notify()
        counter
    }

    @Operation(allowExtraSuspension = true)
    suspend fun bumpAndNotifyAll(): Int = cond.withLock {
        counter++
        cond.notifyAll()
        counter
    }
}

/** A [Barrier] of two parties: the second arrival releases both; abort and reset break and mend it. */
class BarrierModel {
    private val barrier = Barrier(2)

    @Operation(handleExceptionsAsResult = [BrokenBarrierError::class], allowExtraSuspension = true)
    suspend fun await(): Int = barrier.wait()

    @Operation
    fun abort(): Unit = barrier.abort()

    @Operation
    fun reset(): Unit = barrier.reset()

    @Operation
    fun broken(): Boolean = barrier.broken

    @Operation
    fun nWaiting(): Int = barrier.nWaiting
}
