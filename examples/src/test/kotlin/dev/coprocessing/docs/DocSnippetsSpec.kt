package dev.coprocessing.docs

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.kotest.matchers.string.shouldStartWith
import java.util.concurrent.Executors
import java.util.concurrent.Future
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds

/**
 * Every code block of README.md and docs/\*.md compiles and runs as shown, so a page cannot drift from the
 * library: [DocSnippets] says how a block is tied to a compiled source, [DocPrograms] how its program runs.
 * Each program runs in a JVM of its own, as a user starts it, and prints what its page says it prints
 * ([expectedOutput]). The block that is a test (the README's `runTest` one) is run by Surefire as a test.
 */
class DocSnippetsSpec : FunSpec({
    val snippets = DocSnippets(DocSnippets.findRoot())
    val programs = DocPrograms(snippets)
    val classpath = System.getProperty("surefire.test.class.path") ?: System.getProperty("java.class.path")
    val pool = Executors.newFixedThreadPool(maxOf(2, Runtime.getRuntime().availableProcessors()))
    lateinit var runs: Map<DocProgram, Future<ProgramRun>>

    beforeSpec {
        runs = programs.programs.associateWith { program -> pool.submit<ProgramRun> { program.run(classpath, programTimeout) } }
    }
    afterSpec {
        pool.shutdownNow()
    }

    test("every Kotlin and Java block of the docs is a region of a compiled source, and every region a block") {
        val problems = snippets.problems() + programs.problems()
        if (problems.isNotEmpty()) fail("${problems.size} doc block(s) out of step with their sources:\n\n" + problems.joinToString("\n\n"))
    }

    test("every program that shows a block has its output checked here, and every check has its program") {
        val names = programs.programs.map { it.mainClass }.toSet()
        withClue("programs with no entry in expectedOutput") { (names - expectedOutput.keys).shouldBeEmpty() }
        withClue("entries of expectedOutput with no program") { (expectedOutput.keys - names).shouldBeEmpty() }
    }

    programs.programs.forEach { program ->
        test("${program.shows}: java ${program.mainClass} ends normally and prints what the page says") {
            // Runs start together, a few at a time; each is stopped after programTimeout, so this wait ends too.
            val waited = programTimeout * (programs.programs.size + 1)
            val run = runs.getValue(program).get(waited.inWholeMilliseconds, TimeUnit.MILLISECONDS)
            val report = "${program.shows} (${program.source}), run as `java ${program.mainClass}`"
            val printed = "stdout:\n${run.stdout.joinToString("\n")}\nstderr:\n${run.stderr}"
            when (run.exitCode) {
                null -> fail("$report did not end within $programTimeout and was stopped.\n$printed\nthreads:\n${run.threadDump}")
                0 -> withClue("$report printed, in ${run.elapsed}:\n${run.stdout.joinToString("\n")}\n") {
                    (expectedOutput[program.mainClass] ?: fail("$report has no entry in expectedOutput")).invoke(run.stdout)
                }
                else -> fail("$report exited with ${run.exitCode} after ${run.elapsed}.\n$printed")
            }
        }
    }
})

/** A program of a few lines ends in about a second; this much means it hangs. */
private val programTimeout = 60.seconds

/** What each program prints, from what its page says (`// 42`, `// hello`) or shows it doing. */
private val expectedOutput: Map<String, (List<String>) -> Unit> = mapOf(
    "dev.coprocessing.docs.readme.QueueThenPool" to { lines ->
        lines.shouldContainExactly("Process-1 got spam", "Process-1 got eggs", "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]")
    },
    "dev.coprocessing.docs.readme.Main" to { lines -> lines.shouldContainExactly("spam", "eggs") },
    "dev.coprocessing.docs.spawn.SpawnTour" to { lines -> lines.shouldContainExactly("999", "1000", "[1, 4, 9, 16, 25, 36, 49, 64, 81, 100]") },
    "dev.coprocessing.docs.spawn.SharedQueue" to { lines -> lines.shouldContainExactly("sum 5050") },
    "dev.coprocessing.docs.spawn.Main" to { lines -> lines.shouldContainExactly("in another JVM: true", "exit code 0") },
    "dev.coprocessing.docs.diagnosis.DeadlockWatch" to { lines ->
        lines shouldHaveSize 2
        lines[0] shouldMatch Regex("""Process-1 holds <Lock\(owner=Process-1\)> at 0x\w+ and waits for <Lock\(owner=Process-2\)> at 0x\w+""")
        lines[1] shouldMatch Regex("""Process-2 holds <Lock\(owner=Process-2\)> at 0x\w+ and waits for <Lock\(owner=Process-1\)> at 0x\w+""")
    },
    "dev.coprocessing.docs.futures.ExecutorTour" to { lines ->
        // The done callback runs when the task ends, so its line may come anywhere among the others.
        lines.filter { it != "done: 42" }.shouldContainExactly(listOf("42") + (0 until 10).map { "${it * it}" })
        lines.count { it == "done: 42" } shouldBeExactly 1
    },
    "dev.coprocessing.docs.futures.Main" to { lines ->
        lines.filter { it != "done: 42" }.shouldContainExactly("42", "1", "4", "9")
        lines.count { it == "done: 42" } shouldBeExactly 1
    },
    "dev.coprocessing.docs.futures.WaitingForMany" to { lines ->
        val pages = listOf("https://example.org/", "https://example.org/python", "https://example.org/kotlin")
        lines.dropLast(1).shouldContainExactlyInAnyOrder(pages.map { "${"<html>$it</html>".length}" })
        lines.last() shouldBe "done 3, not done 0"
    },
    "dev.coprocessing.docs.pool.PoolTour" to { lines ->
        // applyAsync's callback prints 42 whenever its task ends; imap's squares come in order.
        lines.filter { it != "42" }.shouldContainExactly((0 until 10).map { "${it * it}" })
        lines.count { it == "42" } shouldBeExactly 1
    },
    "dev.coprocessing.docs.pool.Main" to { lines -> lines.shouldContainExactly("42", "42") },
    "dev.coprocessing.docs.queues.BoundedQueue" to { lines -> lines.shouldContainExactly((1..10).map { "got item $it" }) },
    "dev.coprocessing.docs.queues.QueueFragments" to { lines ->
        lines.shouldContainExactly(
            "ate dish 0", "ate dish 1", "ate dish 2",
            "(1, first)", "2 (1, second) simple",
            "hello", "the child closed its end",
        )
    },
    "dev.coprocessing.docs.queues.Main" to { lines -> lines.shouldContainExactly("a, ping, false") },
    "dev.coprocessing.docs.sync.LockedWorkers" to { lines ->
        // Under the lock each worker's two lines stay together, whatever order the workers take.
        lines shouldHaveSize 10
        val workers = lines.chunked(2).map { (running, done) ->
            val n = running.removeSuffix(" is running")
            done shouldBe "$n is done"
            n
        }
        workers.shouldContainExactlyInAnyOrder((0 until 5).map { "$it" })
    },
    "dev.coprocessing.docs.sync.SyncFragments" to { lines ->
        val (refused, others) = lines.partition { it.startsWith("the second acquire threw") }
        refused shouldHaveSize 1
        refused.single() shouldStartWith "the second acquire threw java.lang.IllegalStateException"
        refused.single() shouldContain "not reentrant"
        refused.single() shouldContain "Use an RLock"
        // Processes print when they run, so the blocks' lines may interleave.
        others.shouldContainExactlyInAnyOrder(
            "singing", "car passes", "items left: 1", "all three ready", "working", "working", "working",
        )
    },
    "dev.coprocessing.docs.sync.SyncFromJava" to { lines ->
        lines.take(3).shouldContainExactly("singing", "items: 1", "all three ready")
        lines.drop(3).shouldContainExactlyInAnyOrder("party 0 goes on", "party 1 goes on", "party 2 goes on")
    },
)
