package dev.coprocessing.examples

/**
 * One seed program, runnable by name: `./examples/run <name>`.
 *
 * [seed] names the course note it comes from; [summary] says what to watch for in its output. The body
 * opens `multiprocessing { }` itself, exactly as a user's `main` would. An example whose every wait is a
 * coroutine sleep runs on virtual time under `--fast` (its sleeps then take no real time); one that uses
 * threads, sockets or wall-clock timing says so with [virtualTime] `= false` and always runs in real time.
 */
class Example(
    val name: String,
    val seed: String,
    val summary: String,
    val virtualTime: Boolean = true,
    val body: suspend () -> Unit,
)
