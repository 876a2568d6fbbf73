package dev.coprocessing.examples

import java.io.ByteArrayOutputStream
import java.io.PrintStream

/**
 * Runs [example] (on virtual time where it allows) and returns what it printed, line by line.
 * Specs run one at a time, so swapping `System.out` is safe here.
 */
fun outputOf(example: Example): List<String> {
    val buffer = ByteArrayOutputStream()
    val original = System.out
    val capture = PrintStream(buffer, true, Charsets.UTF_8)
    System.setOut(capture)
    try {
        run(example, fast = true)
    } finally {
        System.setOut(original)
        capture.flush()
    }
    return buffer.toString(Charsets.UTF_8).lines().filter { it.isNotBlank() }.also { lines ->
        original.println(lines.joinToString("\n"))
    }
}

/** The example called [name]; fails if there is none. */
fun example(name: String): Example = allExamples.firstOrNull { it.name == name } ?: error("no example named $name")
