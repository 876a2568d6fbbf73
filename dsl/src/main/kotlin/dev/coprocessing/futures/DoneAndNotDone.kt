package dev.coprocessing.futures

/**
 * What [wait] returns, as CPython's `DoneAndNotDoneFutures` named tuple: the futures that were [done]
 * (finished or cancelled) when the wait ended, and those [notDone]. Each given future is in exactly one of
 * the two sets, once, even if it was given twice.
 *
 * ```kotlin
 * val (done, notDone) = wait(futures, timeout = 1.seconds)
 * ```
 * ```java
 * DoneAndNotDone<Integer> r = Futures.wait(futures);
 * for (Future<Integer> f : r.getDone()) System.out.println(f.result());
 * ```
 */
public data class DoneAndNotDone<out T>(
    /** The futures that finished or were cancelled. */
    public val done: Set<Future<T>>,
    /** The futures still pending or running. */
    public val notDone: Set<Future<T>>,
)
