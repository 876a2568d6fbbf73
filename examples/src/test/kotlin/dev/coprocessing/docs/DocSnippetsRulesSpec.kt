package dev.coprocessing.docs

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.createDirectories
import kotlin.io.path.writeText

/** The rules of [DocSnippets] on a repository made for each case, so that drift is shown to fail. */
class DocSnippetsRulesSpec : FunSpec({
    val made = mutableListOf<Path>()
    afterSpec { made.forEach { it.toFile().deleteRecursively() } }

    fun repository(readme: String, sources: Map<String, String>, docs: Map<String, String> = emptyMap()): Path {
        val root = Files.createTempDirectory("doc-snippets-").also { made.add(it) }
        root.resolve("docs").createDirectories()
        root.resolve("examples/src").createDirectories()
        root.resolve("README.md").writeText(readme)
        (docs + sources).forEach { (path, text) ->
            root.resolve(path).also { it.parent.createDirectories() }.writeText(text)
        }
        return root
    }

    val fence = "```"
    // Built from parts, so that the real DocSnippetsSpec does not take this file's text for a region.
    val mark = "// doc:"
    val program = """
        package p

        import dev.coprocessing.multiprocessing

        fun main() {
            ${mark}start README.md
            val answer = 6 * 7
            println(answer)
            ${mark}end
        }
    """.trimIndent()

    test("a block equal to its region, indented otherwise, passes") {
        val readme = "Intro\n\n$fence kotlin\n  val answer = 6 * 7\n  println(answer)\n$fence\n\n${fence}xml\n<x/>\n$fence\n"
        DocSnippets(repository(readme, mapOf("examples/src/main/kotlin/p/A.kt" to program))).problems().shouldBeEmpty()
    }

    test("a block that drifted from its region fails, with a diff, and so does the region") {
        val readme = "$fence kotlin\nval answer = 6 * 9\nprintln(answer)\n$fence\n"
        val problems = DocSnippets(repository(readme, mapOf("examples/src/main/kotlin/p/A.kt" to program))).problems()
        problems shouldHaveSize 2
        problems[0] shouldContain "README.md:1: the block equals no region"
        problems[0] shouldContain "-val answer = 6 * 7"
        problems[0] shouldContain "+val answer = 6 * 9"
        problems[1] shouldContain "examples/src/main/kotlin/p/A.kt:6: the region equals no ```kotlin block of README.md"
    }

    test("a block may open with imports of its region's file, and no others") {
        val shown = "$fence kotlin\nimport dev.coprocessing.multiprocessing\n\nval answer = 6 * 7\nprintln(answer)\n$fence\n"
        DocSnippets(repository(shown, mapOf("examples/src/main/kotlin/p/A.kt" to program))).problems().shouldBeEmpty()
        val foreign = shown.replace("import dev.coprocessing.multiprocessing", "import dev.coprocessing.sleep")
        DocSnippets(repository(foreign, mapOf("examples/src/main/kotlin/p/A.kt" to program))).problems() shouldHaveSize 2
    }

    test("a block must name its language, and two regions may not show one block") {
        val readme = "$fence\nval answer = 6 * 7\n$fence\n\n$fence kotlin\nval answer = 6 * 7\nprintln(answer)\n$fence\n"
        val twice = mapOf("examples/src/main/kotlin/p/A.kt" to program, "examples/src/main/kotlin/p/B.kt" to program)
        val problems = DocSnippets(repository(readme, twice)).problems()
        problems.count { "names no language" in it } shouldBe 1
        problems.count { "the block equals 2 regions" in it } shouldBe 1
    }

    test("a region in a test source must be in a class that Surefire runs") {
        val readme = "$fence kotlin\nval answer = 6 * 7\nprintln(answer)\n$fence\n"
        val problems = DocSnippets(repository(readme, mapOf("examples/src/test/kotlin/p/Helpers.kt" to program))).problems()
        problems.single() shouldContain "must be in a *Test or *Spec class"
    }

    test("a quotation must match the quoted source line by line, bodies left out") {
        val library = """
            /** Waits. */
            @JvmSynthetic
            public suspend fun join(timeout: Duration? = null) {
                job.join()
            }

            @JvmName("join")
            public fun joinBlocking(): Unit = blocking { join() }
        """.trimIndent()
        val quote = { body: String -> "<!-- doc: quoted from lib/P.kt -->\n$fence kotlin\n$body\n$fence\n" }
        val good = "@JvmSynthetic\npublic suspend fun join(timeout: Duration? = null) { ... }   // suspends\n\n" +
            "@JvmName(\"join\") public fun joinBlocking(): Unit = blocking { join() }"
        DocSnippets(repository(quote(good), mapOf("lib/P.kt" to library))).problems().shouldBeEmpty()
        val drifted = good.replace("blocking { join() }", "blocking { join(null) }")
        DocSnippets(repository(quote(drifted), mapOf("lib/P.kt" to library))).problems().single() shouldContain
            "is not in lib/P.kt"
    }
})
