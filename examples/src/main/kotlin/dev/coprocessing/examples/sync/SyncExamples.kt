package dev.coprocessing.examples.sync

import dev.coprocessing.examples.Example

/** The seed programs about sync, in the order the seeds teach them. */
object SyncExamples {
    val all: List<Example> = listOf(
        Example(
            name = "workers-interleaved", seed = "001 lock",
            summary = "three workers without a lock: their running/done lines interleave",
        ) { workersInterleaved() },
        Example(
            name = "workers-with-lock", seed = "001 lock",
            summary = "five workers share one Lock: each running line is followed by its own done",
        ) { workersWithLock() },
        Example(
            name = "ticket-check", seed = "001 lock",
            summary = "five people read {\"count\": 1} from a JSON file at once",
        ) { ticketCheck() },
        Example(
            name = "ticket-buy-unlocked", seed = "001 lock",
            summary = "buying without a lock: everyone reads before anyone writes, the one ticket is oversold",
        ) { ticketBuyUnlocked() },
        Example(
            name = "ticket-buy-locked", seed = "000 lock",
            summary = "ten users check, then buy under one Lock: exactly one gets the ticket, the file ends at 0",
        ) { ticketBuyLocked() },
        Example(
            name = "three-tasks-one-lock", seed = "002 lock",
            summary = "three introductions under one Lock: each person's three lines stay together",
        ) { threeTasksOneLock() },
        Example(
            name = "ktv-semaphore", seed = "001 semaphore",
            summary = "six people, four KTV rooms (Semaphore(4)): never more than four inside",
        ) { ktvSemaphore() },
        Example(
            name = "event-basics", seed = "001 event",
            summary = "is_set, a wait that would block forever (given a timeout here), set, wait",
        ) { eventBasics() },
        Example(
            name = "traffic-light", seed = "001 event",
            summary = "a light process sets and clears an Event; cars wait for green and pass",
        ) { trafficLight() },
        Example(
            name = "deadlock-rlock", seed = "003 RLock",
            summary = "two Locks in opposite orders deadlock (the watchdog names the cycle); one RLock fixes it",
        ) { deadlockAndRLock() },
    )
}
