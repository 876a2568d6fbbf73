package dev.coprocessing.docs

import dev.coprocessing.currentProcess

/**
 * Fails unless the caller still runs as the main process. The programs that run several blocks in one
 * `multiprocessing { }` call it after each block: a block that left the main body running as another process
 * (one whose wait was ended by a child) would make the next block start its processes under that child.
 */
fun checkStillMainProcess(after: String) {
    val here = currentProcess().name
    check(here == "MainProcess") { "after the $after block the main body runs as $here, not as MainProcess" }
}
