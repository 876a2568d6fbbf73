package dev.coprocessing.examples.scripts

import java.io.File

/**
 * Makes each example's `.main.kts` script from its Kotlin source, so that the two never drift apart: the Kotlin
 * example is the one source, the script is derived from it and checked in under `examples/scripts/`.
 *
 * How: every `Example(...) { someFunction() }` registered under `examples/src/main/kotlin/dev/coprocessing/examples`
 * names the top-level function it runs. Its script holds that function's declaration with every top-level
 * declaration of its package that it uses (found by name, transitively), the imports they use, a
 * `@file:DependsOn` on the library by its Maven coordinates, and one last line that runs the function as a
 * `suspend fun main` runs (on `Dispatchers.Default`, which is what `multiprocessing { }` takes when there is no
 * dispatcher). An example whose body is `{ SomeJavaClass.main(...) }` is written in Java and has no script.
 *
 * The rules a source must follow (the examples' house style): top-level declarations are separated by a blank
 * line, and an example's body is a single call, `{ name() }`.
 */
internal class ScriptSources(private val root: File) {
    private companion object {
        /** The library's bytecode level: a script that inlines its functions (`withLock`) must be compiled for it. */
        const val JVM_TARGET = "17"
        val CONST_VAL = Regex("(?m)^((?:private |internal |public )?)const val")
    }

    private val kotlinRoot = File(root, "examples/src/main/kotlin")
    private val javaRoot = File(root, "examples/src/main/java")
    private val registry = File(kotlinRoot, "dev/coprocessing/examples")

    /** The library's version, as the root pom gives it: the version scripts depend on. */
    val version: String = Regex("<artifactId>coprocessing-parent</artifactId>\\s*<version>([^<]+)</version>")
        .find(File(root, "pom.xml").readText())?.groupValues?.get(1)
        ?: error("no <version> after <artifactId>coprocessing-parent</artifactId> in ${File(root, "pom.xml")}")

    /** An example as registered: its name, seed and summary, and what its body calls. */
    data class Registration(val name: String, val seed: String, val summary: String, val body: String, val file: File)

    /** A registered example and where its script goes, or (for a Java example) no script. */
    data class Script(val registration: Registration, val path: String?, val text: String?)

    /** Every example registered under the examples' sources, in file order. */
    fun registrations(): List<Registration> =
        registry.walk().filter { it.isFile && it.extension == "kt" }.sortedBy { it.path }.flatMap(::registrationsIn).toList()

    /** Every registered example with its script (`examples/scripts/<group>/<name>.main.kts`) and the script's text. */
    fun scripts(): List<Script> = registrations().map { r ->
        val call = Regex("^([A-Za-z_][A-Za-z0-9_]*)\\(\\)$").matchEntire(r.body)
        val javaMain = Regex("^([A-Za-z_][A-Za-z0-9_]*)\\.main\\(.*\\)$").matchEntire(r.body)
        when {
            call != null -> {
                val (pkg, function) = resolve(r.file, call.groupValues[1])
                Script(r, "examples/scripts/${pkg.substringAfterLast('.')}/${r.name}.main.kts", scriptFor(r, pkg, function))
            }
            javaMain != null && javaSource(r.file, javaMain.groupValues[1]) != null -> Script(r, null, null)
            else -> error(
                "example ${r.name} (${r.file.relativeTo(root)}): its body `{ ${r.body} }` is not a single call of a " +
                    "top-level function, such as `{ ktvSemaphore() }`, nor `{ SomeJavaExample.main(arrayOf()) }`; " +
                    "its script cannot be made from it",
            )
        }
    }

    private fun registrationsIn(file: File): List<Registration> {
        val text = file.readText()
        val code = KotlinText.withoutComments(text)
        return Regex("(?<![A-Za-z0-9_.])Example\\(").findAll(code).mapNotNull { m ->
            val open = m.range.last
            val close = KotlinText.closing(text, open)
            if (close < 0) return@mapNotNull null
            val args = KotlinText.splitArguments(text.substring(open + 1, close - 1))
            val named = mutableMapOf<String, String>()
            args.forEachIndexed { index, arg ->
                val (key, value) = Regex("^([a-zA-Z]+)\\s*=\\s*(.*)$", RegexOption.DOT_MATCHES_ALL).matchEntire(arg)
                    ?.let { it.groupValues[1] to it.groupValues[2] }
                    ?: (listOf("name", "seed", "summary", "virtualTime").getOrElse(index) { "?" } to arg)
                named[key] = value
            }
            val name = named["name"]?.let(KotlinText::stringValue) ?: return@mapNotNull null  // `class Example(val name: ...)`
            var after = close
            while (after < text.length && text[after].isWhitespace()) after++
            require(after < text.length && text[after] == '{') {
                "example $name (${file.relativeTo(root)}): the body must follow as a trailing lambda, `Example(...) { ... }`"
            }
            val end = KotlinText.closing(text, after)
            Registration(
                name = name,
                seed = named["seed"]?.let(KotlinText::stringValue) ?: "",
                summary = named["summary"]?.let(KotlinText::stringValue) ?: "",
                body = KotlinText.withoutComments(text.substring(after + 1, end - 1)).trim(),
                file = file,
            )
        }.toList()
    }

    /** The package and name of the function [call] that [file] refers to: imported (perhaps under an alias), or its own package's. */
    private fun resolve(file: File, call: String): Pair<String, String> {
        val text = file.readText()
        Regex("(?m)^import\\s+([\\w.]+)\\.(\\w+)(?:\\s+as\\s+(\\w+))?\\s*$").findAll(text).forEach { m ->
            val (pkg, name, alias) = m.destructured
            if ((alias.ifEmpty { name }) == call) return pkg to name
        }
        return packageOf(text) to call
    }

    private fun javaSource(file: File, className: String): File? {
        val pkg = packageOf(file.readText())
        val imported = Regex("(?m)^import\\s+([\\w.]+)\\.$className\\s*$").find(file.readText())?.groupValues?.get(1)
        return File(javaRoot, "${(imported ?: pkg).replace('.', '/')}/$className.java").takeIf { it.isFile }
    }

    private fun packageOf(text: String): String =
        Regex("(?m)^package\\s+([\\w.]+)").find(text)?.groupValues?.get(1) ?: ""

    /** One top-level declaration (or a few with no blank line between them), with the imports of its file. */
    private class Chunk(val file: File, val index: Int, val text: String, val imports: List<String>) {
        val code: String = KotlinText.codeOnly(text)
        val declares: Set<String> = Regex(
            "(?m)^(?:(?:private|internal|public|suspend|inline|data|sealed|abstract|open|enum|const|operator|infix|tailrec)\\s+)*" +
                "(?:fun|val|var|class|object|interface|typealias)\\s+(?:<[^>]*>\\s*)?(?:[\\w.<>?, ]+\\.)?(\\w+)",
        ).findAll(code).map { it.groupValues[1] }.toSet()
        /** The names this chunk uses as plain identifiers: not after a dot, so `p.isAlive()` uses no `isAlive`. */
        val uses: Set<String> = Regex("(?<![.\\w])([A-Za-z_]\\w*)").findAll(code).map { it.groupValues[1] }.toSet()
    }

    private fun chunksOf(file: File): List<Chunk> {
        val lines = file.readLines()
        val imports = lines.filter { it.startsWith("import ") }
        val body = lines.filterNot {
            it.startsWith("import ") || it.startsWith("package ") || it.startsWith("@file:") ||
                it.trim().startsWith("// doc:start") || it.trim() == "// doc:end"
        }
        val topLevel = KotlinText.atTopLevelAfterEachLine(body.joinToString("\n", postfix = "\n"))
        val chunks = mutableListOf<Chunk>()
        val current = mutableListOf<String>()
        fun close() {
            if (current.any { it.isNotBlank() }) chunks += Chunk(file, chunks.size, current.joinToString("\n").trim('\n'), imports)
            current.clear()
        }
        body.forEachIndexed { i, line ->
            // A blank line between declarations ends one: the line before it closed every bracket.
            if (line.isBlank() && (i == 0 || topLevel[i - 1])) close() else current += line
        }
        close()
        return chunks
    }

    private fun scriptFor(r: Registration, pkg: String, function: String): String {
        val dir = File(kotlinRoot, pkg.replace('.', '/'))
        val candidates = (dir.listFiles() ?: emptyArray()).filter { it.isFile && it.extension == "kt" }.sortedBy { it.name }
            .flatMap(::chunksOf)
        val start = candidates.firstOrNull { function in it.declares && Regex("\\bfun\\s+(?:<[^>]*>\\s*)?$function\\b").containsMatchIn(it.code) }
            ?: error("example ${r.name}: no top-level `fun $function` in ${dir.relativeTo(root)}")
        val included = linkedSetOf(start)
        var frontier = listOf(start)
        while (frontier.isNotEmpty()) {
            val used = frontier.flatMap { it.uses }.toSet()
            frontier = candidates.filter { it !in included && it.declares.any(used::contains) }
            included += frontier
        }
        // The source's own order: file by file (the example's file first), declarations as written.
        val ordered = included.sortedWith(compareBy<Chunk>({ it.file != start.file }, { it.file.name }, { it.index }))
        val code = ordered.joinToString("\n") { it.code }
        val entry = "runBlocking(Dispatchers.Default) { $function() }"
        val imports = (ordered.flatMap { it.imports } + "import kotlinx.coroutines.Dispatchers" + "import kotlinx.coroutines.runBlocking")
            .distinct()
            .filter { line ->
                val simple = Regex("^import\\s+(?:[\\w.]*\\.)?(\\w+)(?:\\s+as\\s+(\\w+))?\\s*$").matchEntire(line)
                    ?.let { it.groupValues[2].ifEmpty { it.groupValues[1] } } ?: return@filter true
                Regex("\\b$simple\\b").containsMatchIn(code + "\n" + entry)
            }
            .sortedBy { it.removePrefix("import ") }
        val source = start.file.relativeTo(root).path
        return buildString {
            appendLine("// ${r.name}: ${r.summary}")
            appendLine("// Seed ${r.seed}. Run: ./examples/kts ${r.name} (no Kotlin install needed), or kotlinc -script this file.")
            appendLine("// Made from $source by ScriptSourcesSpec:")
            appendLine("// change that file, not this one, and write the scripts again (docs/examples.md).")
            appendLine("@file:DependsOn(\"dev.coprocessing:coprocessing-dsl:$version\")")
            // The cluster examples need the second artifact too.
            if (imports.any { it.startsWith("import dev.coprocessing.hazelcast.") }) {
                appendLine("@file:DependsOn(\"dev.coprocessing:coprocessing-hazelcast:$version\")")
            }
            appendLine("@file:CompilerOptions(\"-jvm-target\", \"$JVM_TARGET\")   // the library's inline functions are built for $JVM_TARGET")
            appendLine()
            imports.forEach { appendLine(it) }
            appendLine()
            // A script's declarations are members of its class, where `const val` is not allowed: a plain val is the same.
            ordered.forEach { appendLine(it.text.replace(CONST_VAL, "$1val")); appendLine() }
            appendLine("// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.")
            appendLine(entry)
        }
    }
}
