@file:JvmName("Pipes")

package dev.coprocessing.pipe

/**
 * Makes a pipe and returns its two ends, as `multiprocessing.Pipe(duplex)`.
 *
 * With [duplex] `= true` (the default) both ends send and receive: what one end sends, the other receives.
 * With [duplex] `= false` the pipe is one-way and the pair is `(reader, writer)`: the first end only
 * receives, the second only sends. Messages of type [T] are passed as they are (shared, not copied); use
 * `Pipe<Any?>()` for Python's anything-goes pipe. Never suspends.
 *
 * ```kotlin
 * val (left, right) = Pipe<String>()
 * left.send("1234")
 * println(right.recv())   // 1234
 *
 * val (reader, writer) = Pipe<Int>(duplex = false)
 * writer.send(1)
 * writer.close()
 * println(reader.recv())  // 1, and then recv() throws EOFException
 * ```
 * ```java
 * Pair<Connection<String>, Connection<String>> ends = Pipes.Pipe();
 * Pair<Connection<Integer>, Connection<Integer>> oneWay = Pipes.Pipe(false);
 * ```
 */
@JvmOverloads
public fun <T> Pipe(duplex: Boolean = true): Pair<Connection<T>, Connection<T>> {
    if (!duplex) {
        val oneWay = PipeBuffer()
        return Connection<T>(incoming = oneWay, outgoing = null) to Connection(incoming = null, outgoing = oneWay)
    }
    val firstToSecond = PipeBuffer()
    val secondToFirst = PipeBuffer()
    return Connection<T>(incoming = secondToFirst, outgoing = firstToSecond) to
        Connection(incoming = firstToSecond, outgoing = secondToFirst)
}
