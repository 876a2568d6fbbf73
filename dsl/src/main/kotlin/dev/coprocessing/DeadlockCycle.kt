package dev.coprocessing

/**
 * A wait-for cycle among processes, as `detectDeadlocks()` finds it: each [link][links] is a caller that holds
 * what the previous one waits for and waits for what the next one holds (a `Lock` or `RLock`), or waits for
 * the next one's process to end (`join()`). Nobody in the cycle can go on until one of them gives up: none of
 * the waits has a time limit. [DeadlockError] carries one.
 *
 * A snapshot: taken when the cycle was found, it names the processes and objects as they were then.
 * `toString()` reads as a chain: "Process-1 holds <Lock(owner=Process-1)> at 0x1b6d3586 and waits for
 * <Lock(owner=Process-2)> at 0x4554617c; Process-2 holds <Lock(owner=Process-2)> at 0x4554617c and waits for
 * <Lock(owner=Process-1)> at 0x1b6d3586".
 *
 * Made by the library only.
 *
 * ```kotlin
 * detectDeadlocks().forEach { cycle -> println("deadlock: $cycle") }
 * ```
 */
public class DeadlockCycle internal constructor(
    /** The callers in the cycle, in wait-for order; the last one waits for what the first one holds. */
    public val links: List<Link>,
) {
    /** The names of the processes in the cycle, in wait-for order (a name repeats when two of its callers are in it). */
    public val processes: List<String> get() = links.map { it.process }

    /** The chain, one link after another: "Process-1 holds ... and waits for ...; Process-2 holds ...". */
    override fun toString(): String = links.joinToString("; ")

    /**
     * One caller in a [DeadlockCycle]: a coroutine or thread of [process], holding [holds] (what the previous
     * link waits for, or `null` when that one waits for this one's process to end) and waiting in [call] for
     * [waitsFor].
     *
     * Made by the library only.
     *
     * ```kotlin
     * cycle.links.forEach { println("${it.process} waits in ${it.call} for ${it.waitsFor}") }
     * ```
     */
    public class Link internal constructor(
        /** The name of the waiting caller's process, such as `Process-1` or `MainProcess`. */
        public val process: String,
        /** That process's pid, or `null` if it has none. */
        public val pid: Long?,
        /** The name of the waiting thread when the caller is a thread other than the process's own, else `null`. */
        public val thread: String?,
        /** The repr of what this caller holds and the previous link waits for, or `null` (a `join()` edge). */
        public val holds: String?,
        /** The repr of what this caller waits for: a lock, or the process whose end it waits for. */
        public val waitsFor: String,
        /** The call it waits in: `acquire()` or `join()`. */
        public val call: String,
    ) {
        /** "Process-1 holds <Lock ...> and waits for <Lock ...>", or "... waits for <Process ...> to end". */
        override fun toString(): String = buildString {
            append(process)
            if (thread != null) append(" (thread '").append(thread).append("')")
            if (holds != null) append(" holds ").append(holds).append(" and")
            append(" waits for ").append(waitsFor)
            if (call == "join()") append(" to end")
        }
    }
}
