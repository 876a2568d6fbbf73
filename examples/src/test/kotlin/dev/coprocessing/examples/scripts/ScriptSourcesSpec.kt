package dev.coprocessing.examples.scripts

import dev.coprocessing.docs.DocSnippets
import dev.coprocessing.examples.allExamples
import io.kotest.core.spec.style.FunSpec
import java.io.File

/**
 * The `.main.kts` scripts under `examples/scripts/` are made from the Kotlin examples, never edited by hand: this
 * spec fails the build when a script is missing, differs from what its example's source gives, or has no example.
 * After adding or changing an example, write the scripts with
 * `mvn -B -o -pl examples test -Dtest=ScriptSourcesSpec -Dscripts.overwrite=true` and commit them.
 */
class ScriptSourcesSpec : FunSpec({
    val root = DocSnippets.findRoot().toFile()
    val sources = ScriptSources(root)
    val overwrite = System.getProperty("scripts.overwrite").toBoolean()
    val regenerate = "mvn -B -o -pl examples test -Dtest=ScriptSourcesSpec -Dscripts.overwrite=true"

    test("every registered example is found in the sources, and every Kotlin one has a script") {
        val found = sources.registrations().map { it.name }
        val missing = allExamples.map { it.name } - found.toSet()
        check(missing.isEmpty()) {
            "examples registered in allExamples but not found as `Example(name = \"...\") { ... }` under " +
                "examples/src/main/kotlin/dev/coprocessing/examples: $missing"
        }
        val extra = found - allExamples.map { it.name }.toSet()
        check(extra.isEmpty()) { "examples found in the sources but not registered in allExamples: $extra" }
    }

    test("each script is what its example's Kotlin source gives") {
        val scripts = sources.scripts().filter { it.path != null }
        val expected = scripts.associate { it.path!! to it.text!! }
        val onDisk = File(root, "examples/scripts").walk().filter { it.isFile && it.name.endsWith(".main.kts") }
            .associate { it.relativeTo(root).invariantSeparatorsPath to it.readText() }
        if (overwrite) {
            (onDisk.keys - expected.keys).forEach { File(root, it).delete() }
            expected.forEach { (path, text) -> File(root, path).apply { parentFile.mkdirs() }.writeText(text) }
            println("wrote ${expected.size} scripts under examples/scripts")
            return@test
        }
        val problems = buildList {
            expected.forEach { (path, text) ->
                val actual = onDisk[path]
                when {
                    actual == null -> add("$path is missing")
                    actual != text -> add("$path differs from what its example gives:\n" + firstDifference(text, actual))
                }
            }
            (onDisk.keys - expected.keys).forEach { add("$it belongs to no example") }
        }
        check(problems.isEmpty()) {
            problems.joinToString("\n") + "\nThe scripts are made from the Kotlin examples: write them with `$regenerate` " +
                "and commit them (docs/examples.md)."
        }
    }
})

/** The first line where [expected] and [actual] differ, both ways. */
private fun firstDifference(expected: String, actual: String): String {
    val e = expected.lines()
    val a = actual.lines()
    val i = (0 until maxOf(e.size, a.size)).first { e.getOrNull(it) != a.getOrNull(it) }
    return "  line ${i + 1}: expected: ${e.getOrNull(i) ?: "(end of file)"}\n  line ${i + 1}: found:    ${a.getOrNull(i) ?: "(end of file)"}"
}
