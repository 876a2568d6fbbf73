package dev.coprocessing.futures

/**
 * When [wait] returns, as CPython's `FIRST_COMPLETED`, `FIRST_EXCEPTION` and `ALL_COMPLETED`. The constants
 * can be imported bare: `import dev.coprocessing.futures.ReturnWhen.FIRST_COMPLETED`.
 *
 * ```kotlin
 * val (done, notDone) = wait(futures, returnWhen = FIRST_COMPLETED)
 * ```
 */
public enum class ReturnWhen {
    /** Return as soon as any future finishes or is cancelled. */
    FIRST_COMPLETED,

    /** Return as soon as any future finishes by throwing; if none throws, the same as [ALL_COMPLETED]. */
    FIRST_EXCEPTION,

    /** Return when every future has finished or been cancelled. */
    ALL_COMPLETED,
}
