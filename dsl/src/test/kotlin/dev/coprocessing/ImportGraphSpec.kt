package dev.coprocessing

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.io.File

/**
 * The layering of the library, checked on its sources: a file may import only from its own layer or lower
 * ones, and peers (layers of the same rank) never import each other. Lowest first:
 * 1. `base`: the root-package files that hold shared types ([Layering.BASE_FILES]);
 * 2. `internal`; 3. `process`; 4. the peers `sync`, `queue`, `pipe`, `thread`, `context`;
 * 5. `engine` (the worker engine of pools and executors); 6. the peers `pool`, `futures`;
 * 7. the peers `manager` (its `Pool()` makes pools) and `diagnosis` (it reads every lower layer's objects to
 * describe what waits on what); 8. `top`: every other root-package file (`multiprocessing { }`, `currentProcess()`, ...).
 *
 * Edges are `import dev.coprocessing...` lines (star imports too) and qualified references in code. An import
 * of a root-package name is placed by the file that declares it; a base file is also checked for names of top
 * files it uses without an import (they share a package).
 */
class ImportGraphSpec : FunSpec({

    test("every main source file of dsl imports only from its own layer or lower ones") {
        val sources = Layering.mainSources()
        val graph = Layering.check(sources)
        val stale = Layering.ALLOWED - graph.allowedSeen
        check(stale.isEmpty()) { "allowed edges that no longer occur, remove them from Layering.ALLOWED: $stale" }
        if (graph.violations.isNotEmpty()) {
            throw AssertionError(
                "${graph.violations.size} import(s) break the layering " +
                    "(base < internal < process < sync|queue|pipe|thread|context < engine < pool|futures < manager|diagnosis < top):\n" +
                    graph.violations.joinToString("\n"),
            )
        }
    }

    test("the check reads the real sources: every layer that exists has files, and their imports are seen") {
        val sources = Layering.mainSources()
        sources.size shouldBeGreaterThan 40
        val layers = sources.map { Layering.layerOf(it)?.name }.toSet()
        layers shouldContainAll listOf("base", "internal", "process", "sync", "queue", "pipe", "pool", "futures", "top")
        Layering.check(sources).edges shouldBeGreaterThan 80
    }

    test("the rules catch forbidden edges, each named with its file, import and rule") {
        val files = listOf(
            source("dev/coprocessing/Errors.kt", "package dev.coprocessing\nclass TimeoutError\nfun oops() = currentProcess()"),
            source("dev/coprocessing/Multiprocessing.kt", "@file:JvmName(\"Coprocessing\")\npackage dev.coprocessing\nfun currentProcess(): Any = 1"),
            source("dev/coprocessing/CpuCount.kt", "package dev.coprocessing\nfun cpuCount(): Int = 1"),
            source("dev/coprocessing/internal/A.kt", "package dev.coprocessing.internal\nimport dev.coprocessing.process.Process"),
            source("dev/coprocessing/sync/B.kt", "package dev.coprocessing.sync\nimport dev.coprocessing.queue.Queue\nimport dev.coprocessing.cpuCount"),
            source("dev/coprocessing/queue/C.kt", "package dev.coprocessing.queue\nimport dev.coprocessing.*"),
            source("dev/coprocessing/pool/D.kt", "package dev.coprocessing.pool\nimport dev.coprocessing.currentProcess\nimport dev.coprocessing.engine.Engine"),
            source("dev/coprocessing/engine/E.kt", "package dev.coprocessing.engine\nimport dev.coprocessing.futures.Future as F"),
            source("dev/coprocessing/pipe/F.kt", "package dev.coprocessing.pipe\nval x = dev.coprocessing.pool.Pool(1)\n// dev.coprocessing.pool.Pool in a comment is no edge"),
            source("dev/coprocessing/gadgets/G.kt", "package dev.coprocessing.gadgets"),
            source("dev/coprocessing/process/H.java", "package dev.coprocessing.process;\nimport static dev.coprocessing.Coprocessing.cpuCount;"),
        )
        val found = Layering.check(files).violations.map { "${it.file} -> ${it.import}" }
        found.toSet() shouldBe setOf(
            "src/main/kotlin/dev/coprocessing/Errors.kt -> currentProcess",
            "src/main/kotlin/dev/coprocessing/internal/A.kt -> dev.coprocessing.process.Process",
            "src/main/kotlin/dev/coprocessing/sync/B.kt -> dev.coprocessing.queue.Queue",
            "src/main/kotlin/dev/coprocessing/queue/C.kt -> dev.coprocessing.*",
            "src/main/kotlin/dev/coprocessing/pool/D.kt -> dev.coprocessing.currentProcess",
            "src/main/kotlin/dev/coprocessing/engine/E.kt -> dev.coprocessing.futures.Future",
            "src/main/kotlin/dev/coprocessing/pipe/F.kt -> dev.coprocessing.pool.Pool",
            "src/main/kotlin/dev/coprocessing/gadgets/G.kt -> (its package)",
            "src/main/java/dev/coprocessing/process/H.java -> dev.coprocessing.Coprocessing.cpuCount",
        )
        // Each message says which rule, so that whoever breaks it knows what to change.
        val messages = Layering.check(files).violations.associate { it.file.substringAfterLast('/') to it.rule }
        messages["B.kt"] shouldBe "peers never import each other: sync (layer 4) imports queue (layer 4)"
        messages["A.kt"] shouldBe "a lower layer may not import a higher one: internal (layer 2) imports process (layer 3)"
    }

    test("allowed edges, even allowed ones in a bad file, are never reported") {
        val files = listOf(
            source("dev/coprocessing/Errors.kt", "package dev.coprocessing\nclass TimeoutError"),
            source("dev/coprocessing/internal/BlockingForward.kt", "package dev.coprocessing.internal\nimport dev.coprocessing.process.blocking as b"),
            source("dev/coprocessing/pool/P.kt", "package dev.coprocessing.pool\nimport dev.coprocessing.TimeoutError\nimport dev.coprocessing.sync.Lock"),
        )
        val allowed = setOf("src/main/kotlin/dev/coprocessing/internal/BlockingForward.kt" to "dev.coprocessing.process.blocking")
        val graph = Layering.check(files, allowed)
        graph.violations.shouldBeEmpty()
        graph.allowedSeen shouldBe allowed
    }
}) {
    private companion object {
        fun source(path: String, text: String) =
            Layering.SourceFile("src/main/${if (path.endsWith(".java")) "java" else "kotlin"}/$path", path.substringAfterLast('/'), text)
    }
}

/** The layer table and the check itself, apart from the spec so that synthetic sources can be fed to it. */
object Layering {
    /** The root-package files that hold shared types: the lowest layer, which every other may import. */
    val BASE_FILES: Set<String> =
        setOf("Errors.kt", "ThrowingRunnable.java", "Progress.kt", "CpuCount.kt", "Unraisable.kt", "DeadlockCycle.kt")

    /** Sub-packages by layer rank; those of one rank are peers. */
    private val SUB_PACKAGES: Map<String, Int> = mapOf(
        "internal" to 2,
        "process" to 3,
        // The contract a backend outside the core implements (where workers run): it needs only the registry.
        "spi" to 3,
        "sync" to 4, "queue" to 4, "pipe" to 4, "thread" to 4,
        "engine" to 5,
        // Worker JVMs: a backend of the engine, and what pools, executors and managers accept as their context.
        "spawn" to 6,
        "pool" to 7, "futures" to 7,
        // Above pool: a manager's Pool() makes pools, and ends them when it shuts down.
        "manager" to 8,
        // Above every primitive, pool and executor: it reads their waits and holders; only the top calls it.
        "diagnosis" to 8,
        // Above everything a context makes: Context's factories are every kind of object.
        "context" to 9,
    )

    private const val BASE_RANK = 1
    private const val TOP_RANK = 10
    private const val ROOT = "dev.coprocessing"

    /**
     * Edges that break the rules and are tolerated for now, each with why and when it goes. Keep it short: an
     * entry that no longer occurs fails the spec, so the list cannot outlive its reason.
     */
    val ALLOWED: Set<Pair<String, String>> = emptySet()

    class SourceFile(val path: String, val name: String, text: String) {
        /** The text with comments and string literals blanked, so that neither can make or hide an edge. */
        val code: String = codeOf(text)
        val pkg: String? = Regex("""^\s*package\s+([\w.]+)""", RegexOption.MULTILINE).find(code)?.groupValues?.get(1)

        /** The facade a Kotlin file's top-level declarations join (`@file:JvmName`), read before strings are blanked. */
        val jvmName: String? = Regex("""@file:JvmName\("(\w+)"\)""").find(text)?.groupValues?.get(1)
    }

    class Layer(val name: String, val rank: Int) {
        override fun toString(): String = "$name (layer $rank)"
    }

    class Violation(val file: String, val import: String, val rule: String) {
        override fun toString(): String = "$file: `$import`: $rule"
    }

    class Graph(val violations: List<Violation>, val allowedSeen: Set<Pair<String, String>>, val edges: Int)

    /** Every `.kt` and `.java` file under `dsl/src/main`, found from the compiled classes as ApiDumpSpec does. */
    fun mainSources(): List<SourceFile> {
        val classes = File(dev.coprocessing.process.Process::class.java.protectionDomain.codeSource.location.toURI())
        val module = classes.parentFile.parentFile
        val main = File(module, "src/main")
        check(main.isDirectory) { "no sources at $main" }
        return main.walk().filter { it.isFile && (it.extension == "kt" || it.extension == "java") }.sortedBy { it.path }
            .map { SourceFile(it.relativeTo(module).invariantSeparatorsPath, it.name, it.readText()) }.toList()
    }

    fun layerOf(file: SourceFile): Layer? = when {
        file.pkg == ROOT -> if (file.name in BASE_FILES) Layer("base", BASE_RANK) else Layer("top", TOP_RANK)
        file.pkg != null && file.pkg.startsWith("$ROOT.") ->
            file.pkg.removePrefix("$ROOT.").substringBefore('.').let { sub -> SUB_PACKAGES[sub]?.let { Layer(sub, it) } }
        else -> null
    }

    fun check(files: List<SourceFile>, allowed: Set<Pair<String, String>> = ALLOWED): Graph {
        val roots = files.filter { it.pkg == ROOT }
        // Which layers declare each root-package name (a name declared in both counts as the higher).
        val declaredIn = HashMap<String, MutableSet<Layer>>()
        for (file in roots) {
            val layer = layerOf(file)!!
            declarationsOf(file).forEach { declaredIn.getOrPut(it) { HashSet() } += layer }
        }
        val violations = ArrayList<Violation>()
        val allowedSeen = HashSet<Pair<String, String>>()
        var edges = 0
        for (file in files) {
            val from = layerOf(file)
            if (from == null) {
                violations += Violation(file.path, "(its package)", "package ${file.pkg} has no layer: add it to Layering")
                continue
            }
            for (target in referencesOf(file)) {
                edges++
                val to = targetLayer(target, declaredIn)
                val rule = when {
                    to == null -> "no file declares it, so it has no layer"
                    to.name == from.name || to.rank < from.rank -> null
                    to.rank == from.rank -> "peers never import each other: $from imports $to"
                    else -> "a lower layer may not import a higher one: $from imports $to"
                } ?: continue
                if (file.path to target in allowed) allowedSeen += file.path to target else violations += Violation(file.path, target, rule)
            }
            if (from.name == "base") {
                // Same package, so no import shows it: a base file naming a top-level declaration of a top file.
                val topOnly = declaredIn.filterValues { layers -> layers.all { it.name == "top" } }.keys
                Regex("""\b\w+\b""").findAll(file.code).map { it.value }.filter { it in topOnly }.toSet().forEach {
                    violations += Violation(file.path, it, "a base file may not use $it, declared in a top-layer file")
                }
            }
        }
        return Graph(violations, allowedSeen, edges)
    }

    /** The library names a file refers to: its imports (star ones as `pkg.*`) and qualified references in code. */
    private fun referencesOf(file: SourceFile): List<String> {
        val imports = Regex("""^\s*import\s+(?:static\s+)?(dev\.coprocessing(?:\.\w+)*(?:\.\*)?)""", RegexOption.MULTILINE)
            .findAll(file.code).map { it.groupValues[1] }.toList()
        val body = file.code.lines().filterNot { it.trimStart().startsWith("import ") || it.trimStart().startsWith("package ") }
        val qualified = body.flatMap { line -> Regex("""\bdev\.coprocessing(?:\.\w+)+""").findAll(line).map { it.value }.toList() }
        return (imports + qualified).distinct()
    }

    private fun targetLayer(target: String, declaredIn: Map<String, Set<Layer>>): Layer? {
        val rest = target.removePrefix(ROOT).removePrefix(".")
        if (rest == "*" || rest.isEmpty()) return Layer("top", TOP_RANK) // the whole root package, top files included
        val first = rest.substringBefore('.')
        SUB_PACKAGES[first]?.let { return Layer(first, it) }
        return declaredIn[first]?.maxByOrNull { it.rank }
    }

    /** Top-level names a root-package file declares: Kotlin declarations at column 0, a Java type, a facade name. */
    private fun declarationsOf(file: SourceFile): Set<String> = buildSet {
        val kotlin = Regex(
            """^(?:(?:public|internal|private|inline|suspend|data|sealed|abstract|open|enum|annotation|value|const|fun)\s+)*""" +
                """(?:fun|val|var|class|interface|object|typealias)\s+(?:<[^>]*>\s*)?(?:[\w.]+\.)?(\w+)""",
            RegexOption.MULTILINE,
        )
        kotlin.findAll(file.code).forEach { add(it.groupValues[1]) }
        if (file.name.endsWith(".java")) add(file.name.removeSuffix(".java"))
        file.jvmName?.let(::add)
    }

    private fun codeOf(text: String): String {
        val out = StringBuilder(text.length)
        var i = 0
        fun blank(until: Int) {
            while (i < until && i < text.length) {
                out.append(if (text[i] == '\n') '\n' else ' ')
                i++
            }
        }
        while (i < text.length) {
            when {
                text.startsWith("//", i) -> blank(text.indexOf('\n', i).let { if (it < 0) text.length else it })
                text.startsWith("/*", i) -> blank(text.indexOf("*/", i + 2).let { if (it < 0) text.length else it + 2 })
                text.startsWith("\"\"\"", i) -> blank(text.indexOf("\"\"\"", i + 3).let { if (it < 0) text.length else it + 3 })
                text[i] == '"' || text[i] == '\'' -> {
                    val quote = text[i]
                    var j = i + 1
                    while (j < text.length && text[j] != quote && text[j] != '\n') j += if (text[j] == '\\') 2 else 1
                    blank(j + 1)
                }
                else -> out.append(text[i++])
            }
        }
        return out.toString()
    }
}
