package dev.coprocessing.docs

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.io.path.deleteIfExists
import kotlin.io.path.extension
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.isRegularFile
import kotlin.io.path.nameWithoutExtension
import kotlin.io.path.readLines
import kotlin.io.path.readText
import kotlin.time.Duration
import kotlin.time.TimeSource

/**
 * The programs that hold the documentation's blocks: every source under [docsSources] with a `main`. A Kotlin
 * one is a file with `@file:JvmName("Name")` and a top-level `main` (a bare `suspend fun main()` or `fun main()`),
 * a Java one a class with `public static void main`. Each runs as `java -cp <the test classpath> <its class>`,
 * in a JVM of its own, exactly as a user would start it: the test runner lends it no thread and no dispatcher.
 */
class DocPrograms(private val snippets: DocSnippets) {
    private val root = snippets.root

    val programs: List<DocProgram> = docsSources.flatMap { dir ->
        val base = root.resolve(dir)
        if (!Files.isDirectory(base)) return@flatMap emptyList()
        Files.walk(base).use { paths ->
            paths.filter { it.isRegularFile() && it.extension in setOf("kt", "java") }.sorted().toList()
        }.mapNotNull { programOf(it) }
    }

    /** A doc source that holds no region, or no program, is dead weight or a mistake. */
    fun problems(): List<String> = buildList {
        programs.filter { it.blocks.isEmpty() }.forEach {
            add("${it.source}: a program under ${docsSources.joinToString(" or ")} that shows no block of the docs")
        }
        snippets.regions.filter { region -> region.file.startsWith("examples/src/main/") && programs.none { it.source == region.file } }
            .forEach { add("${it.where}: the region is in a source with no main, so it is compiled but never run") }
    }

    private fun programOf(path: Path): DocProgram? {
        val source = root.relativize(path).invariantSeparatorsPathString
        val text = path.readText()
        val pkg = Regex("""^package\s+([\w.]+)""", RegexOption.MULTILINE).find(text)?.groupValues?.get(1)
        val className = if (path.extension == "kt") {
            if (!Regex("""^(suspend\s+)?fun main\(""", RegexOption.MULTILINE).containsMatchIn(text)) return null
            Regex("""^@file:JvmName\("(\w+)"\)""", RegexOption.MULTILINE).find(text)?.groupValues?.get(1)
                ?: error("$source: a program needs @file:JvmName(\"...\"), so that its class is named on purpose")
        } else {
            if (!text.contains("public static void main(")) return null
            path.nameWithoutExtension
        }
        val mainClass = if (pkg == null) className else "$pkg.$className"
        val regions = snippets.regions.filter { it.file == source }
        val blocks = snippets.blocks.filter { block -> regions.any { block.matches(it) && it.page == block.page } }
        return DocProgram(mainClass, source, blocks)
    }

    companion object {
        /** Where the programs that show the docs' blocks live. */
        val docsSources = listOf("examples/src/main/kotlin/dev/coprocessing/docs", "examples/src/main/java/dev/coprocessing/docs")
    }
}

/** A program that holds the doc [blocks], started as `java [mainClass]`; [source] is its file. */
class DocProgram(val mainClass: String, val source: String, val blocks: List<DocBlock>) {
    /** The blocks it shows, where they are: `docs/sync.md:12, docs/sync.md:80`. */
    val shows: String get() = blocks.joinToString { it.where }.ifEmpty { source }

    /** Runs it in a fresh JVM with [classpath]; after [timeout] it is stopped, with a thread dump. */
    fun run(classpath: String, timeout: Duration): ProgramRun {
        val out = Files.createTempFile("doc-program-", ".out")
        val err = Files.createTempFile("doc-program-", ".err")
        try {
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            // C1 only and the serial collector: a program of a few lines starts in half the time, and runs the same.
            val started = TimeSource.Monotonic.markNow()
            val process = ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", classpath, mainClass)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start()
            process.outputStream.close()
            val ended = process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
            val threadDump = if (ended) null else threadDumpOf(process)
            if (!ended) {
                process.destroyForcibly()
                process.waitFor(10, TimeUnit.SECONDS)
            }
            return ProgramRun(
                exitCode = if (ended) process.exitValue() else null,
                stdout = out.readLines().filter { it.isNotBlank() },
                stderr = err.readText(),
                elapsed = started.elapsedNow(),
                threadDump = threadDump,
            )
        } finally {
            out.deleteIfExists()
            err.deleteIfExists()
        }
    }

    private fun threadDumpOf(process: Process): String = runCatching {
        val jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString()
        val file = Files.createTempFile("doc-program-", ".threads")
        try {
            val dump = ProcessBuilder(jcmd, process.pid().toString(), "Thread.print")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start()
            if (!dump.waitFor(20, TimeUnit.SECONDS)) dump.destroyForcibly()
            file.readText()
        } finally {
            file.deleteIfExists()
        }
    }.getOrElse { "(no thread dump: $it)" }
}

/** How a [DocProgram] ended: [exitCode] is null when it was stopped for running too long. */
class ProgramRun(
    val exitCode: Int?,
    val stdout: List<String>,
    val stderr: String,
    val elapsed: Duration,
    val threadDump: String?,
)
