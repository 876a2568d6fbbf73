package dev.coprocessing.examples.manager

import dev.coprocessing.examples.Example

/** The seed programs about a Manager's shared state, in the order the seeds teach them. */
object ManagerExamples {
    val all: List<Example> = listOf(
        Example(
            name = "manager-dict", seed = "001 Manager",
            summary = "one process changes a Manager().dict {count: 100}; the parent sees {count=99} too",
        ) { managerDict() },
        Example(
            name = "manager-race-and-lock", seed = "001/002 Manager",
            summary = "100 processes do count -= 1: without a lock updates are lost; with a Lock, or update { }, it ends at 0",
        ) { managerRaceAndLock() },
        Example(
            name = "manager-countdown", seed = "002 Manager",
            summary = "ten processes count {num: 10} down under acquire()/release(); after 2 s the dict says {num=0}",
        ) { managerCountdown() },
    )
}
