package dev.coprocessing.compat

import io.kotest.core.spec.style.FunSpec
import io.kotest.core.test.Enabled
import java.io.File
import java.util.concurrent.TimeUnit
import java.util.zip.ZipFile
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import org.objectweb.asm.ClassReader
import org.objectweb.asm.tree.ClassNode

/**
 * Consumers on the oldest supported Kotlin (the parent pom's `kotlin.floor.version`) can build on the library.
 * A Kotlin compiler reads class metadata up to one minor version ahead of itself, so:
 *
 * - the library's own classes carry the floor's metadata version, as its `languageVersion` asks;
 * - nothing a consumer gets by depending on coprocessing-dsl carries metadata the floor compiler cannot read;
 * - a small consumer, compiled by that compiler against the library's classes, its dependencies and the
 *   consumer's own old kotlin-stdlib, runs and prints what it should.
 *
 * The old compiler and jars are put under `target/old-kotlin` by the module's pom (maven-dependency-plugin, in
 * `generate-test-resources`), so this spec runs only through Maven. A missing piece fails it: it never skips.
 */
class OldKotlinConsumerSpec : FunSpec({
    val setup = OldKotlin.fromSystemProperties()

    test("the library's classes carry the metadata of Kotlin ${setup.language}") {
        val versions = setup.libraryClasses.walk()
            .filter { it.isFile && it.extension == "class" }
            .mapNotNull { file -> kotlinMetadataVersion(file.readBytes())?.let { file to it } }
            .toList()
        check(versions.isNotEmpty()) { "no Kotlin classes under ${setup.libraryClasses}: compile the module first" }
        val wrong = versions.filter { (_, mv) -> mv.take(2) != setup.languageParts }
        check(wrong.isEmpty()) {
            "${wrong.size} of ${versions.size} classes are not compiled for Kotlin ${setup.language}, e.g. " +
                wrong.take(5).joinToString { (file, mv) -> "${file.relativeTo(setup.libraryClasses)} mv=$mv" } +
                ": the kotlin-maven-plugin's languageVersion in dsl/pom.xml"
        }
    }

    test("every Kotlin class a consumer gets through coprocessing-dsl is readable by Kotlin ${setup.language}") {
        val readable = listOf(setup.languageParts[0], setup.languageParts[1] + 1)
        val tooNew = setup.runtimeClasspath.flatMap { jar ->
            val versions = jarMetadataVersions(jar)
            versions.filter { compareVersions(it, readable) > 0 }.map { "${jar.name} has classes with mv=$it" }
        }
        check(tooNew.isEmpty()) {
            "a Kotlin ${setup.language} compiler reads metadata up to ${readable.joinToString(".")}, but " +
                tooNew.joinToString("; ") +
                ". Pin an older version of that dependency in the parent pom, or raise kotlin.floor.version " +
                "and the documented minimum."
        }
    }

    // The old compiler itself runs on the JDKs of its day (Kotlin 2.1.0 fails to parse the version string of JDK 25):
    // on a newer JVM this check says so instead of failing the build; CI runs it on JDK 17.
    val jdk = Runtime.version().feature()
    test("a consumer compiled by Kotlin ${setup.version} runs against the library").config(
        enabledOrReasonIf = {
            if (jdk <= NEWEST_JDK_OF_THE_OLD_COMPILER) Enabled.enabled
            else Enabled.disabled("Kotlin ${setup.version}'s compiler runs on JDK $NEWEST_JDK_OF_THE_OLD_COMPILER at most; this JVM is $jdk")
        },
    ) {
        val work = File(setup.dir, "consumer-build").apply { deleteRecursively(); mkdirs() }
        val source = File(work, "Consumer.kt").apply { writeText(CONSUMER) }
        val out = File(work, "classes")
        val compileClasspath = listOf(setup.libraryClasses) + setup.consumerDependencies

        val compile = runJava(
            what = "the Kotlin ${setup.version} compiler",
            log = File(work, "compile.log"),
            timeout = 5.minutes,
            args = listOf(
                "-cp", setup.compilerJars.joinToString(File.pathSeparator),
                "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler",
                "-no-stdlib", "-no-reflect", "-Werror",
                "-jvm-target", "17",
                "-cp", compileClasspath.joinToString(File.pathSeparator),
                "-d", out.path,
                source.path,
            ),
        )
        check(compile.exitCode == 0) {
            "Kotlin ${setup.version} could not compile a consumer of the library (exit ${compile.exitCode}):\n" +
                compile.output
        }
        check(File(out, "consumer/ConsumerKt.class").isFile) {
            "the Kotlin ${setup.version} compiler reported success but wrote no consumer/ConsumerKt.class:\n" +
                compile.output
        }

        val run = runJava(
            what = "the consumer compiled by Kotlin ${setup.version}",
            log = File(work, "run.log"),
            timeout = 2.minutes,
            args = listOf(
                "-cp", (listOf(out) + compileClasspath).joinToString(File.pathSeparator),
                "consumer.ConsumerKt",
            ),
        )
        check(run.exitCode == 0) { "the consumer failed (exit ${run.exitCode}):\n${run.output}" }
        check(run.output.trim().lines() == EXPECTED_OUTPUT) {
            "the consumer printed\n${run.output}\ninstead of\n${EXPECTED_OUTPUT.joinToString("\n")}"
        }
    }
})

/** The newest JDK the Kotlin compiler at the floor version runs on. */
private const val NEWEST_JDK_OF_THE_OLD_COMPILER = 23

/** A consumer's program: processes, a queue, a pool, and blocking twins called from a thread of their own. */
private val CONSUMER = """
    package consumer

    import dev.coprocessing.currentProcess
    import dev.coprocessing.multiprocessing
    import dev.coprocessing.pool.pool
    import dev.coprocessing.process.Process
    import dev.coprocessing.queue.Queue
    import dev.coprocessing.ThrowingRunnable
    import kotlin.time.Duration.Companion.seconds

    // A bare suspend main, as a user writes it: no dispatcher of its own.
    suspend fun main() {
        multiprocessing {
            val q = Queue<String?>()
            val worker = Process(name = "worker") {
                while (true) println("${'$'}{currentProcess().name} got ${'$'}{q.get() ?: break}")
            }
            worker.start()
            listOf("spam", "eggs", null).forEach { q.put(it) }
            worker.join()
            println("worker exit code ${'$'}{worker.exitCode}")

            val squares = pool(2) { map(1..5) { it * it } }
            println("squares ${'$'}squares")

            val requests = Queue<Int>()
            val replies = Queue<Int>()
            val twin = Process(name = "twin", target = ThrowingRunnable {
                val n = requests.getBlocking(timeout = 10.seconds)
                replies.putBlocking(n * n)
            })
            twin.start()
            requests.put(7)
            println("twin replied ${'$'}{replies.get(timeout = 10.seconds)}")
            twin.join(timeout = 10.seconds)
            println("twin exit code ${'$'}{twin.exitCode}")
        }
    }
""".trimIndent()

private val EXPECTED_OUTPUT = listOf(
    "worker got spam",
    "worker got eggs",
    "worker exit code 0",
    "squares [1, 4, 9, 16, 25]",
    "twin replied 49",
    "twin exit code 0",
)

/** The old compiler and the jars around it, as dsl/pom.xml lays them out under `target/old-kotlin`. */
private class OldKotlin(
    val dir: File,
    val version: String,
    val language: String,
    val libraryClasses: File,
    val compilerJars: List<File>,
    /** Every jar a consumer gets by depending on coprocessing-dsl, the kotlin-stdlib the library asks for included. */
    val runtimeClasspath: List<File>,
    /** The same, with the consumer's own old kotlin-stdlib in place of the library's, as Maven resolves it. */
    val consumerDependencies: List<File>,
) {
    val languageParts: List<Int> = language.split('.').map { it.toInt() }

    companion object {
        fun fromSystemProperties(): OldKotlin {
            fun property(name: String): String = checkNotNull(System.getProperty(name)) {
                "system property $name is not set: run this spec through Maven (mvn -pl dsl test), whose " +
                    "dsl/pom.xml sets it and prepares target/old-kotlin"
            }
            val dir = File(property("coprocessing.oldKotlin.dir"))
            val version = property("coprocessing.oldKotlin.version")
            val language = property("coprocessing.oldKotlin.language")
            check(version.startsWith("$language.")) {
                "kotlin.floor.version $version is not a release of kotlin.floor.language $language (parent pom)"
            }
            fun jars(sub: String): List<File> {
                val files = File(dir, sub).listFiles { f -> f.extension == "jar" }?.sortedBy { it.name }.orEmpty()
                check(files.isNotEmpty()) { "no jars in ${File(dir, sub)}: maven-dependency-plugin did not run" }
                return files
            }
            val compilerJars = jars("compiler")
            val compilers = compilerJars.filter { it.name.startsWith("kotlin-compiler-embeddable-") }
            check(compilers.map { it.name } == listOf("kotlin-compiler-embeddable-$version.jar")) {
                "expected kotlin-compiler-embeddable-$version.jar alone in ${File(dir, "compiler")}, found " +
                    "$compilers (jars left from another kotlin.floor.version? mvn clean)"
            }
            val consumerStdlib = jars("consumer").single { it.name == "kotlin-stdlib-$version.jar" }

            val classpathFile = File(dir, "runtime-classpath.txt")
            check(classpathFile.isFile) { "$classpathFile is missing: maven-dependency-plugin did not run" }
            val runtime = classpathFile.readText().trim().split(File.pathSeparator).filter { it.isNotEmpty() }
                .map(::File)
            runtime.forEach { check(it.isFile) { "$it, listed in $classpathFile, does not exist" } }
            val stdlibs = runtime.filter { it.name.matches(Regex("""kotlin-stdlib-[0-9][^-]*\.jar""")) }
            check(stdlibs.size == 1) { "expected one kotlin-stdlib among the library's dependencies, got $stdlibs" }

            val libraryClasses = File(
                dev.coprocessing.process.Process::class.java.protectionDomain.codeSource.location.toURI(),
            )
            check(libraryClasses.isDirectory) { "the library's classes are not a directory: $libraryClasses" }
            return OldKotlin(
                dir = dir,
                version = version,
                language = language,
                libraryClasses = libraryClasses,
                compilerJars = compilerJars,
                runtimeClasspath = runtime,
                consumerDependencies = runtime.map { if (it in stdlibs) consumerStdlib else it },
            )
        }
    }
}

/** The `mv` of the class's `@kotlin.Metadata`, or null for a class that has none. */
private fun kotlinMetadataVersion(bytes: ByteArray): List<Int>? {
    val node = ClassNode()
    ClassReader(bytes).accept(node, ClassReader.SKIP_CODE or ClassReader.SKIP_DEBUG or ClassReader.SKIP_FRAMES)
    val metadata = node.visibleAnnotations?.firstOrNull { it.desc == "Lkotlin/Metadata;" } ?: return null
    val values = metadata.values ?: return null
    val index = values.indices.step(2).firstOrNull { values[it] == "mv" } ?: return null
    @Suppress("UNCHECKED_CAST")
    return (values[index + 1] as List<Int>)
}

/** The distinct metadata versions of the Kotlin classes in [jar]. */
private fun jarMetadataVersions(jar: File): Set<List<Int>> = ZipFile(jar).use { zip ->
    zip.entries().asSequence()
        .filter { it.name.endsWith(".class") && !it.name.startsWith("META-INF/") }
        .mapNotNull { entry -> kotlinMetadataVersion(zip.getInputStream(entry).use { it.readBytes() }) }
        .toSet()
}

private fun compareVersions(a: List<Int>, b: List<Int>): Int {
    for (i in 0 until maxOf(a.size, b.size)) {
        val c = a.getOrElse(i) { 0 }.compareTo(b.getOrElse(i) { 0 })
        if (c != 0) return c
    }
    return 0
}

private class Finished(val exitCode: Int, val output: String)

/** Runs `java [args]` in a fresh JVM, its output in [log], and fails naming [what] if it outlives [timeout]. */
private fun runJava(what: String, log: File, timeout: Duration, args: List<String>): Finished {
    val java = File(System.getProperty("java.home"), "bin/java")
    check(java.canExecute()) { "no java executable at $java" }
    val started = TimeSource.Monotonic.markNow()
    val process = ProcessBuilder(listOf(java.path) + args)
        .redirectErrorStream(true)
        .redirectOutput(log)
        .start()
    if (!process.waitFor(timeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly()
        process.waitFor(30.seconds.inWholeMilliseconds, TimeUnit.MILLISECONDS)
        throw AssertionError("$what did not finish within $timeout; its output so far:\n${log.readText()}")
    }
    println("$what finished in ${started.elapsedNow()}")
    return Finished(process.exitValue(), log.readText())
}
