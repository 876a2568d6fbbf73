@file:JvmName("WaitingForMany")

package dev.coprocessing.docs.futures

import dev.coprocessing.futures.Executor
import dev.coprocessing.futures.ReturnWhen.FIRST_COMPLETED
import dev.coprocessing.futures.ThreadPoolExecutor
import dev.coprocessing.futures.asCompleted
import dev.coprocessing.futures.wait
import dev.coprocessing.multiprocessing
import kotlin.time.Duration.Companion.seconds

/** docs/futures.md's "Waiting for many futures", on pages that need no network. */
suspend fun main() = multiprocessing {
    val ex = ThreadPoolExecutor()
    waitForAll(ex, listOf("https://example.org/", "https://example.org/python", "https://example.org/kotlin"))
    ex.shutdown()
}

private fun download(url: String): String = "<html>$url</html>"

private suspend fun waitForAll(ex: Executor, urls: List<String>) {
    // doc:start docs/futures.md
    val futures = urls.map { url -> ex.submit { download(url) } }
    asCompleted(futures, timeout = 30.seconds).collect { println(it.result().length) }
    val (done, notDone) = wait(futures, timeout = 5.seconds, returnWhen = FIRST_COMPLETED)
    // doc:end
    println("done ${done.size}, not done ${notDone.size}")
}
