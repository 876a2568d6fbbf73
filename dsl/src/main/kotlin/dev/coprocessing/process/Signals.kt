package dev.coprocessing.process

/**
 * The exit codes of a process stopped by a signal, as CPython reports them: `-15` after `terminate()`
 * (SIGTERM) and `-9` after `kill()` (SIGKILL). One place for every part of the library that stops processes.
 */
internal object Signals {
    const val SIGTERM: Int = -15
    const val SIGKILL: Int = -9

    /** CPython's repr of an exit code: `SIGTERM`, `SIGKILL`, or the number. */
    fun exitCodeName(code: Int): String = when (code) {
        SIGTERM -> "SIGTERM"
        SIGKILL -> "SIGKILL"
        else -> code.toString()
    }
}
