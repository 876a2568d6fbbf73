@file:Suppress("unused")

package dev.coprocessing.reliability

import dev.coprocessing.pipe.Pipe
import io.kotest.core.spec.style.FunSpec
import java.io.EOFException
import org.jetbrains.kotlinx.lincheck.annotations.Operation
import org.jetbrains.kotlinx.lincheck.annotations.Param
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen

/**
 * A duplex pipe is linearizable at both ends: sends, receives (cancelled while they wait, or as a message reaches
 * them, included: the message stays for the next receive), polls and a close, all at once, read as some order of
 * the same calls. After a close, the other end receives what was sent before it, then `EOFException`.
 */
class PipeLincheckSpec : FunSpec({
    Reliability.run { allowLongRuns() }
    linearizable("Pipe (both ends)", PipeModel::class)
})

@Param(name = "message", gen = IntGen::class, conf = "1:3")
class PipeModel {
    private val ends = Pipe<Int>()
    private val left = ends.first
    private val right = ends.second

    @Operation(handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    fun sendLeft(@Param(name = "message") message: Int): Unit = left.send(message)

    @Operation(handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    fun sendRight(@Param(name = "message") message: Int): Unit = right.send(message)

    @Operation(promptCancellation = true, allowExtraSuspension = true, handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    suspend fun recvLeft(): Int = left.recv()

    @Operation(promptCancellation = true, allowExtraSuspension = true, handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    suspend fun recvRight(): Int = right.recv()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    suspend fun pollLeft(): Boolean = left.poll()

    @Operation(handleExceptionsAsResult = [IllegalStateException::class, EOFException::class])
    suspend fun pollRight(): Boolean = right.poll()

    @Operation
    fun closeLeft(): Unit = left.close()
}
