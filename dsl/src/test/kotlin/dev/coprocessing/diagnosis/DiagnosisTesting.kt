package dev.coprocessing.diagnosis

import dev.coprocessing.process.Process
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Barrier
import io.kotest.core.spec.Spec

/** Turns diagnosis on for the specs of this package, and off again after each. */
fun Spec.withDiagnosis() {
    beforeSpec { enableDiagnosis() }
    afterSpec { disableDiagnosis() }
}

/** How a cycle names a lock held by [owner]: its repr and address. */
fun lockRepr(lock: AbstractLock, owner: String): String =
    "<Lock(owner=$owner)> at 0x${Integer.toHexString(System.identityHashCode(lock))}"

/**
 * Processes that deadlock for sure: the i-th takes `locks[i]`, waits at a barrier until every one holds its
 * first, then asks (without a timeout) for `locks[i + 1]`: each holds what the next one wants. Not started.
 */
fun diners(locks: List<AbstractLock>): List<Process> {
    val allHold = Barrier(locks.size)
    return locks.indices.map { i ->
        Process {
            locks[i].withLock {
                allHold.wait()
                locks[(i + 1) % locks.size].withLock { }
            }
        }
    }
}
