package dev.coprocessing.internal

import dev.coprocessing.process.blocking as blockingInProcess
import kotlinx.coroutines.CoroutineScope

/**
 * The old home of the blocking-twin helper, now `dev.coprocessing.process.blocking`: kept only for the files
 * that still import it from here (in `pool/`, `futures/` and `process/Process.kt`), and the one edge from
 * `internal` to `process` that the import-graph check allows by name. Delete this file once they import
 * `dev.coprocessing.process.blocking`.
 */
internal fun <T> blocking(block: suspend CoroutineScope.() -> T): T = blockingInProcess(block)
