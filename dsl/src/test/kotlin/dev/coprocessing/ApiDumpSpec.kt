package dev.coprocessing

import com.github.difflib.DiffUtils
import com.github.difflib.UnifiedDiffUtils
import dev.coprocessing.process.Process
import io.kotest.core.spec.style.FunSpec
import java.io.File
import kotlinx.validation.api.dump
import kotlinx.validation.api.filterOutNonPublic
import kotlinx.validation.api.loadApiFromJvmClasses

/**
 * The public API as the JVM sees it (what Java callers and compiled Kotlin callers link against) is
 * checked in at `dsl/api/coprocessing-dsl.api`, in the format of kotlinx's binary-compatibility-validator.
 * Any change to it fails here with the diff, so that every change to the surface is a reviewed change to
 * that file. Once the change is meant, rewrite the file with
 * `mvn -B -pl dsl test -Dtest=ApiDumpSpec -Dapi.overwrite=true` and commit it with the code.
 */
class ApiDumpSpec : FunSpec({
    test("the public API matches the checked-in dump dsl/api/coprocessing-dsl.api") {
        val classes = File(Process::class.java.protectionDomain.codeSource.location.toURI())
        val moduleDir = classes.parentFile.parentFile
        val expectedFile = File(moduleDir, "api/coprocessing-dsl.api")

        val classFiles = classes.walk().filter { it.isFile && it.extension == "class" }.sortedBy { it.path }.toList()
        check(classFiles.isNotEmpty()) { "no compiled classes under $classes: compile the module first" }
        val actual = classFiles.asSequence().map { it.readBytes().inputStream() }
            .loadApiFromJvmClasses()
            .filterOutNonPublic()
            .dump(StringBuilder())
            .toString()

        if (System.getProperty("api.overwrite").toBoolean()) {
            expectedFile.parentFile.mkdirs()
            expectedFile.writeText(actual)
            return@test
        }
        check(expectedFile.isFile) {
            "$expectedFile is missing: write it with `mvn -B -pl dsl test -Dtest=ApiDumpSpec -Dapi.overwrite=true`"
        }
        val expected = expectedFile.readText()
        if (actual != expected) {
            val expectedLines = expected.lines()
            val actualLines = actual.lines()
            val diff = UnifiedDiffUtils.generateUnifiedDiff(
                "api/coprocessing-dsl.api (checked in)", "the compiled classes",
                expectedLines, DiffUtils.diff(expectedLines, actualLines), 2,
            )
            throw AssertionError(
                "The public API changed. A removed or changed declaration breaks callers compiled against the " +
                    "previous version. If the change is meant, rewrite the dump with " +
                    "`mvn -B -pl dsl test -Dtest=ApiDumpSpec -Dapi.overwrite=true` and commit it.\n" +
                    diff.joinToString("\n"),
            )
        }
    }
})
