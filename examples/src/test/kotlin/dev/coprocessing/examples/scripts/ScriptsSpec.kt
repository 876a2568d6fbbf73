package dev.coprocessing.examples.scripts

import dev.coprocessing.docs.DocSnippets
import dev.coprocessing.examples.futures.submitResultShowsItsSeed
import dev.coprocessing.examples.pool.poolMapShowsItsSeed
import dev.coprocessing.examples.process.fiveSubclassedShowsItsSeed
import dev.coprocessing.examples.queue.producerConsumerShowsItsSeed
import dev.coprocessing.examples.sync.ktvSemaphoreShowsItsSeed
import io.kotest.core.spec.style.FunSpec
import java.io.File
import java.util.concurrent.TimeUnit
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes

/**
 * The `.main.kts` scripts work as users run them:
 *
 * - every script compiles against the library, all of them in one compiler run (the compiler that
 *   `./examples/kts` uses, the library and what it brings, as `@file:DependsOn` resolves them);
 * - a handful, one per area, run through `./examples/kts` exactly as the README says (the runner resolves the
 *   compiler, installs the library if the local Maven repository lacks this build of it, and resolves
 *   `@file:DependsOn` from there), and their output shows their seed's property, checked by the same function
 *   that checks the Kotlin example's output.
 *
 * Scripts run in real time (the runner has no `--fast`), so the handful are examples that take seconds.
 */
class ScriptsSpec : FunSpec({
    val root = DocSnippets.findRoot().toFile()
    val runner = File(root, "examples/kts")
    val work = File(root, "examples/target/scripts").apply { mkdirs() }

    // The first test fetches the compiler (on a fresh machine) and installs the library if it must: time for both.
    test("every script compiles against the library, in one compiler run").config(timeout = 20.minutes) {
        val scripts = File(root, "examples/scripts").walk().filter { it.isFile && it.name.endsWith(".main.kts") }.sorted().toList()
        check(scripts.isNotEmpty()) { "no scripts under examples/scripts" }
        val compiler = run(root, listOf(runner.path, "--prepare"), File(work, "prepare"), 15.minutes)
        check(compiler.exitCode == 0) { "./examples/kts --prepare failed:\n${compiler.all}" }
        val library = File(root, "examples/target/library-classpath.txt").also {
            check(it.isFile) { "$it is missing: it is written by examples/pom.xml in generate-test-resources; run this spec through Maven" }
        }.readText().trim()
        val compilerClasspath = compiler.out.trim()
        val scriptClasspath = compilerClasspath.split(File.pathSeparator)
            .filter { Regex(".*/(kotlin-stdlib|kotlin-main-kts|kotlin-script-runtime)-[^/]*\\.jar").matches(it) }
        val classes = File(work, "classes").apply { deleteRecursively(); mkdirs() }
        val compile = run(
            root,
            listOf(
                // C1 only, as ./examples/kts runs the compiler: it halves the time of this compilation.
                File(System.getProperty("java.home"), "bin/java").path, "-XX:TieredStopAtLevel=1", "-cp", compilerClasspath,
                "org.jetbrains.kotlin.cli.jvm.K2JVMCompiler", "-no-stdlib", "-no-reflect", "-jvm-target", "17",
                "-cp", (scriptClasspath + library).joinToString(File.pathSeparator),
                "-d", classes.path,
            ) + scripts.map { it.path },
            File(work, "compile"),
            10.minutes,
        )
        check(compile.exitCode == 0) { "the scripts do not compile (exit ${compile.exitCode}):\n${compile.all}" }
        val missing = scripts.map { scriptClassName(it) }.filterNot { File(classes, "$it.class").isFile }
        check(missing.isEmpty()) { "the compiler wrote no class for: $missing\n${compile.all}" }
    }

    mapOf(
        "five-subclassed" to ::fiveSubclassedShowsItsSeed,
        "ktv-semaphore" to ::ktvSemaphoreShowsItsSeed,
        "producer-consumer" to ::producerConsumerShowsItsSeed,
        "pool-map" to ::poolMapShowsItsSeed,
        "executor-submit-result" to ::submitResultShowsItsSeed,
    ).forEach { (name, showsItsSeed) ->
        test("./examples/kts $name runs the script, which shows its seed's property").config(timeout = 5.minutes) {
            val result = run(root, listOf(runner.path, name), File(work, name), 4.minutes)
            check(result.exitCode == 0) { "./examples/kts $name failed (exit ${result.exitCode}):\n${result.all}" }
            println(result.out)
            showsItsSeed(result.out.lines().filter { it.isNotBlank() })
        }
    }
})

/** The class the compiler makes of [script]: `ktv-semaphore.main.kts` becomes `Ktv_semaphore_main`. */
private fun scriptClassName(script: File): String =
    script.name.removeSuffix(".kts").replace(Regex("[^A-Za-z0-9_]"), "_").replaceFirstChar { it.uppercase() }

private class Ran(val exitCode: Int, val out: String, val err: String) {
    val all: String get() = "--- stdout\n$out\n--- stderr\n$err"
}

/** Runs [command] in [dir], its output in files beside [base]; fails if it outlives [timeout]. */
private fun run(dir: File, command: List<String>, base: File, timeout: Duration): Ran {
    val out = File("${base.path}.out")
    val err = File("${base.path}.err")
    val process = ProcessBuilder(command).directory(dir)
        .redirectOutput(out).redirectError(err).redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
        .start()
    if (!process.waitFor(timeout.inWholeSeconds, TimeUnit.SECONDS)) {
        process.descendants().forEach { it.destroyForcibly() }
        process.destroyForcibly().waitFor()
        error("${command.take(3).joinToString(" ")} ... did not end within $timeout:\n--- stdout\n${out.readText()}\n--- stderr\n${err.readText()}")
    }
    return Ran(process.exitValue(), out.readText(), err.readText())
}
