package dev.coprocessing.testing

import java.io.ByteArrayOutputStream
import java.io.PrintStream

/** Runs [body] with `System.err` captured and returns what was written; specs run one at a time. */
inline fun capturingStderr(body: () -> Unit): String {
    val buffer = ByteArrayOutputStream()
    val original = System.err
    System.setErr(PrintStream(buffer, true, Charsets.UTF_8))
    try {
        body()
    } finally {
        System.setErr(original)
    }
    return buffer.toString(Charsets.UTF_8)
}
