package dev.coprocessing.docs

import com.github.difflib.DiffUtils
import com.github.difflib.UnifiedDiffUtils
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.extension
import kotlin.io.path.invariantSeparatorsPathString
import kotlin.io.path.isDirectory
import kotlin.io.path.isRegularFile
import kotlin.io.path.listDirectoryEntries
import kotlin.io.path.name
import kotlin.io.path.readLines
import kotlin.io.path.readText

/**
 * The code blocks of the documentation and the compiled sources they are checked against.
 *
 * The rules, which [problems] enforces:
 * - Every fenced block of README.md and docs/\*.md names its language. `kotlin` and `java` blocks are
 *   code; [exemptLanguages] (a Maven `<dependency>`, shell commands) are not checked.
 * - A code block is either a region of a source under examples/src, written between `// doc:start PAGE` and
 *   `// doc:end` (PAGE as `README.md` or `docs/sync.md`), or a quotation of the library: then the line
 *   before its fence is `<!-- doc: quoted from PATH -->` and [quotationProblems] checks it against that file.
 * - A block equals exactly one region that names its page, in a source of its language, modulo common
 *   indentation and trailing blanks. A block may also open with imports that its region leaves out: they must
 *   then be imports of the region's file. Every region equals exactly one block.
 * - A region in examples/src/main belongs to a program ([DocPrograms]), which is run; one in examples/src/test
 *   belongs to a test (a `*Test` or `*Spec` class), which Surefire runs.
 */
class DocSnippets(val root: Path) {
    val pages: List<String> = listOf("README.md") +
        root.resolve("docs").listDirectoryEntries("*.md").map { "docs/${it.name}" }.sorted()

    val blocks: List<DocBlock> = pages.flatMap { blocksOf(it) }

    val regions: List<Region> = sources().flatMap { regionsOf(it) }

    /** Everything that breaks the rules above, each problem a paragraph that says where and what to change. */
    fun problems(): List<String> = buildList {
        blocks.filter { it.language.isEmpty() }.forEach {
            add("${it.where}: the block names no language; write ```kotlin, ```java or one of $exemptLanguages")
        }
        blocks.filter { it.language !in codeLanguages && it.language !in exemptLanguages && it.language.isNotEmpty() }
            .forEach { add("${it.where}: ```${it.language} is neither checked ($codeLanguages) nor exempt ($exemptLanguages)") }
        regions.filter { it.page !in pages }.forEach {
            add("${it.where}: the region names ${it.page}, which is not one of $pages")
        }
        regions.filter { it.file.startsWith("examples/src/test/") && !Regex("""(Test|Spec)\.kt$""").containsMatchIn(it.file) }
            .forEach { add("${it.where}: a region in a test source must be in a *Test or *Spec class, so that Surefire runs it") }
        val checked = blocks.filter { it.language in codeLanguages && it.quotedFrom == null }
        checked.forEach { block ->
            val candidates = regions.filter { it.page == block.page && it.language == block.language }
            val matches = candidates.filter { block.matches(it) }
            when {
                matches.size > 1 -> add("${block.where}: the block equals ${matches.size} regions (${matches.joinToString { it.where }}); keep one")
                matches.isEmpty() -> add(
                    "${block.where}: the block equals no region `// doc:start ${block.page}` of a .${extensionOf(block.language)} " +
                        "source under examples/src" + nearest(block, candidates),
                )
            }
        }
        regions.filter { it.page in pages }.forEach { region ->
            val matches = checked.filter { it.page == region.page && it.language == region.language && it.matches(region) }
            if (matches.isEmpty()) add("${region.where}: the region equals no ```${region.language} block of ${region.page}")
        }
        blocks.filter { it.quotedFrom != null }.forEach { addAll(quotationProblems(it)) }
    }

    /**
     * A quotation shows declarations of the library as they are written, with `{ ... }` for a body left out and
     * `// ...` comments of its own. Each of its lines must occur in the quoted file (comments aside, blanks
     * collapsed), in the same order.
     */
    fun quotationProblems(block: DocBlock): List<String> {
        val path = root.resolve(block.quotedFrom!!)
        if (!path.isRegularFile()) return listOf("${block.where}: quoted from ${block.quotedFrom}, which does not exist")
        val source = collapse(withoutComments(path.readText()))
        var from = 0
        for (line in normalize(block.lines).map { it.replace(trailingComment, "").trim() }.filter { it.isNotEmpty() }) {
            val wanted = collapse(if ("{ ... }" in line) line.substringBefore("{ ... }").trimEnd() + " {" else line)
            val at = source.indexOf(wanted, from)
            if (at < 0) return listOf("${block.where}: `$line` is not in ${block.quotedFrom}, after the lines before it; quote the source as it is now")
            from = at + wanted.length
        }
        return emptyList()
    }

    private fun blocksOf(page: String): List<DocBlock> {
        val lines = root.resolve(page).readLines()
        val found = mutableListOf<DocBlock>()
        var i = 0
        while (i < lines.size) {
            val open = openingFence.matchEntire(lines[i])
            if (open == null) {
                i++
                continue
            }
            val (indent, marker, language) = open.destructured
            val start = i++
            val body = mutableListOf<String>()
            while (i < lines.size && !isClosingFence(lines[i], marker)) body += lines[i++].removePrefix(indent)
            require(i < lines.size) { "$page:${start + 1}: the block opened here is never closed" }
            i++
            val before = lines.subList(0, start).lastOrNull { it.isNotBlank() }?.trim()
            val quotedFrom = before?.let { quotation.matchEntire(it) }?.groupValues?.get(1)
            found += DocBlock(page, start + 1, language.lowercase(), body, quotedFrom)
        }
        return found
    }

    private fun sources(): List<Path> {
        val src = root.resolve("examples/src")
        return Files.walk(src).use { paths ->
            paths.filter { it.isRegularFile() && it.extension in setOf("kt", "java") }.sorted().toList()
        }
    }

    private fun regionsOf(path: Path): List<Region> {
        val file = root.relativize(path).invariantSeparatorsPathString
        val lines = path.readLines()
        val imports = lines.map { it.trim() }.filter { it.startsWith("import ") }.toSet()
        val language = if (path.extension == "kt") "kotlin" else "java"
        val found = mutableListOf<Region>()
        var open: Pair<Int, String>? = null
        val body = mutableListOf<String>()
        lines.forEachIndexed { index, line ->
            val start = regionStart.matchEntire(line)
            when {
                start != null -> {
                    check(open == null) { "$file:${index + 1}: a region starts inside the region of line ${open!!.first + 1}" }
                    open = index to start.groupValues[1]
                    body.clear()
                }
                regionEnd.matches(line) -> {
                    val (at, page) = checkNotNull(open) { "$file:${index + 1}: `// doc:end` without `// doc:start`" }
                    found += Region(file, at + 1, page, language, body.toList(), imports)
                    open = null
                }
                open != null -> body += line
            }
        }
        check(open == null) { "$file:${open!!.first + 1}: the region opened here has no `// doc:end`" }
        return found
    }

    /** The region closest to [block], as a diff that says what to change on either side. */
    private fun nearest(block: DocBlock, candidates: List<Region>): String {
        val wanted = normalize(block.lines)
        val best = candidates.minByOrNull { region ->
            DiffUtils.diff(normalize(region.lines), wanted).deltas.sumOf { it.source.size() + it.target.size() }
        } ?: return "; there is none for ${block.page} yet"
        val diff = UnifiedDiffUtils.generateUnifiedDiff(
            best.where, block.where, normalize(best.lines), DiffUtils.diff(normalize(best.lines), wanted), 2,
        )
        return "; the nearest is ${best.where}:\n" + diff.joinToString("\n") { "    $it" }
    }

    companion object {
        val codeLanguages = setOf("kotlin", "java")
        val exemptLanguages = setOf("xml", "text", "shell", "sh", "bash", "console")

        private val openingFence = Regex("""^(\s*)(`{3,}|~{3,})\s*([^\s`]*).*$""")
        private val quotation = Regex("""<!--\s*doc: quoted from (\S+)[^>]*-->""")
        private val regionStart = Regex("""^\s*// doc:start (\S+)\s*$""")
        private val regionEnd = Regex("""^\s*// doc:end\s*$""")
        private val trailingComment = Regex("""\s+//.*$""")

        private fun isClosingFence(line: String, marker: String): Boolean {
            val trimmed = line.trim()
            return trimmed.length >= marker.length && trimmed.all { it == marker[0] }
        }

        private fun extensionOf(language: String) = if (language == "kotlin") "kt" else "java"

        private fun withoutComments(source: String): String =
            source.replace(Regex("""/\*.*?\*/""", RegexOption.DOT_MATCHES_ALL), " ")
                .replace(Regex("""(^|\s)//[^\n]*""", RegexOption.MULTILINE), " ")

        private fun collapse(text: String): String = text.replace(Regex("""\s+"""), " ").trim()

        /** The repository's root: the nearest directory up from here that holds README.md and docs/. */
        fun findRoot(start: Path = Path.of("").toAbsolutePath()): Path =
            generateSequence(start) { it.parent }
                .firstOrNull { it.resolve("README.md").isRegularFile() && it.resolve("docs").isDirectory() }
                ?: error("no README.md with docs/ beside it above $start")
    }
}

/** A fenced block of [page], whose opening fence is on [line] (1-based). */
class DocBlock(val page: String, val line: Int, val language: String, val lines: List<String>, val quotedFrom: String?) {
    val where: String get() = "$page:$line"

    /** Whether this block shows [region]: the same lines, or imports of the region's file and then the same lines. */
    fun matches(region: Region): Boolean {
        val shown = normalize(lines)
        val body = normalize(region.lines)
        if (shown == body) return true
        val imports = shown.takeWhile { it.startsWith("import ") || it.isEmpty() }
        return imports.any { it.isNotEmpty() } &&
            imports.filter { it.isNotEmpty() }.all { it in region.fileImports } &&
            normalize(shown.drop(imports.size)) == body
    }
}

/** The lines between `// doc:start [page]` on [line] of [file] and the next `// doc:end`. */
class Region(
    val file: String,
    val line: Int,
    val page: String,
    val language: String,
    val lines: List<String>,
    val fileImports: Set<String>,
) {
    val where: String get() = "$file:$line"
}

/** [lines] without trailing blanks, leading and trailing empty lines, or the indentation they all share. */
fun normalize(lines: List<String>): List<String> {
    val trimmed = lines.map { it.trimEnd() }.dropWhile { it.isEmpty() }.dropLastWhile { it.isEmpty() }
    val indent = trimmed.filter { it.isNotEmpty() }.minOfOrNull { it.length - it.trimStart().length } ?: 0
    return trimmed.map { if (it.isEmpty()) it else it.substring(indent) }
}
