package dev.coprocessing.reliability

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import java.io.File

/**
 * docs/bad-input.md stays true: every catalogued misuse names a test that exists (BadInputSpec's, which assert
 * the row itself, or another spec's), no BadInputSpec test is missing from the page, ids are unique, and the
 * README gives the page's count.
 */
class BadInputCatalogueSpec : FunSpec({
    val cases = BadInput.cases
    val tests = File(BadInput.root, "dsl/src/test")
    fun source(spec: String): String? = tests.walk()
        .firstOrNull { it.isFile && (it.name == "$spec.kt" || it.name == "$spec.java") }
        ?.readText()
        ?.replace("\\\"", "\"")

    test("the catalogue has cases, each id once") {
        (cases.size > 100) shouldBe true
        cases.groupBy { it.id }.filterValues { it.size > 1 }.keys.shouldBeEmpty()
    }

    test("every case names a test, and the test exists") {
        val missing = cases.mapNotNull { case ->
            val text = source(case.spec) ?: return@mapNotNull "${case.id}: no spec ${case.spec} under dsl/src/test"
            val found = when {
                case.spec == "BadInputSpec" -> "rejects(\"${case.testName}\"" in text && case.testName == case.id
                case.test.isBlank() || case.testName.isBlank() -> false
                else -> "test(\"${case.testName}" in text || "void ${case.testName}(" in text
            }
            if (found) null else "${case.id}: ${case.spec} has no test '${case.testName}'"
        }
        missing.shouldBeEmpty()
    }

    test("every misuse BadInputSpec tests is in the catalogue") {
        val tested = Regex("""rejects\("([A-Z]-\d\d)"""").findAll(source("BadInputSpec")!!).map { it.groupValues[1] }.toSet()
        (tested - cases.map { it.id }.toSet()).shouldBeEmpty()
    }

    test("the README gives the catalogue's count") {
        val readme = File(BadInput.root, "README.md").readText()
        val count = Regex("""(\d+) misuses""").find(readme)?.groupValues?.get(1)?.toInt()
        count shouldBe cases.size
    }
})
