package dev.coprocessing.spawn

import java.io.Serializable

/** Parent → worker JVM: run [fn] (a `suspend () -> Any?`, serializable) and reply with [Reply] under [id]. */
internal class Call(val id: Long, val fn: Any) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * Worker JVM → parent: what call [id] returned ([value]) or threw ([error]). [exitCode] is set when the call
 * ended its JVM (`exit(n)`): the worker exits with it right after this reply.
 */
internal class Reply(val id: Long, val value: Any?, val error: Throwable?, val exitCode: Int?) : Serializable {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/** `kotlin.Unit`, which is not serializable, as a reply carries it. */
internal object UnitValue : Serializable {
    private const val serialVersionUID = 1L
    private fun readResolve(): Any = UnitValue
}

/** Parent → worker JVM: no more calls; exit with code 0. */
internal object Goodbye : Serializable {
    private const val serialVersionUID = 1L
    private fun readResolve(): Any = Goodbye
}

/**
 * An exception that could not cross as itself (it holds something that is not serializable): its type, message
 * and stack trace, as the worker JVM saw them.
 */
internal class RemoteError(val type: String, message: String?) : RuntimeException("$type: $message") {
    private companion object {
        private const val serialVersionUID = 1L
    }
}

/**
 * What a worker JVM runs for the library (a process's body, a chunk of a map): a [Call]'s function when it is
 * not a bare `suspend () -> Any?`. It deserializes what it carries only when it runs, in the worker JVM.
 */
internal interface RemoteTask : Serializable {
    suspend fun runRemote(): Any?
}

/** Values as they cross: `Unit`, which is not serializable, as [UnitValue]. */
internal object Crossed {
    fun wrap(value: Any?): Any? = if (value === Unit) UnitValue else value

    fun restore(value: Any?): Any? = if (value === UnitValue) Unit else value
}
