package dev.coprocessing.reliability

import java.io.File

/**
 * docs/bad-input.md read as data: one [Case] per row of its tables. BadInputSpec asserts the rows it tests
 * against what they say; BadInputCatalogueSpec checks that every row names a test that exists.
 */
object BadInput {
    /** One catalogued misuse: its [id] (`Q-04`), what the caller did, the exact exception and a message fragment. */
    data class Case(val id: String, val misuse: String, val exception: String, val message: String, val test: String) {
        /** The spec the [test] column names (`BadInputSpec`), and the test name or its start. */
        val spec: String get() = test.substringBefore(" › ").trim()
        val testName: String get() = test.substringAfter(" › ").trim()
    }

    /** The repository's root: the catalogue and README are found from the module directory Surefire runs in. */
    val root: File = generateSequence(File(System.getProperty("user.dir")).absoluteFile) { it.parentFile }
        .first { File(it, "docs/bad-input.md").isFile }

    val catalogue: File = File(root, "docs/bad-input.md")

    private val row = Regex("""^\|\s*([A-Z]-\d\d)\s*\|(.*)\|\s*$""")

    val cases: List<Case> by lazy {
        catalogue.readLines().mapNotNull { line ->
            val m = row.find(line) ?: return@mapNotNull null
            val cells = m.groupValues[2].split(" | ").map { it.trim() }
            check(cells.size == 4) { "docs/bad-input.md: row ${m.groupValues[1]} has ${cells.size + 1} cells, not 5: $line" }
            Case(m.groupValues[1], cells[0].unquoted(), cells[1].unquoted(), cells[2].unquoted(), cells[3])
        }
    }

    fun case(id: String): Case = cases.firstOrNull { it.id == id } ?: throw AssertionError("docs/bad-input.md has no case $id")

    private fun String.unquoted(): String = replace("`", "")
}
