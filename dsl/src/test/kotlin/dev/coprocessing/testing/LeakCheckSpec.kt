package dev.coprocessing.testing

import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.libraryThread
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

class LeakCheckSpec : FunSpec({
    test("the leak check names what is still running, and passes once it has ended") {
        val release = CountDownLatch(1)
        val thread = libraryThread("leaky-worker") { release.await(30, TimeUnit.SECONDS) }
        thread.start()
        shouldThrow<IllegalStateException> { LeakCheck.assertNothingLive("here", graceMillis = 50) }
            .message shouldContain "thread 'leaky-worker'"
        release.countDown()
        LeakCheck.assertNothingLive("here")
    }

    test("a registered resource counts until it is closed") {
        val resource = Any()
        LiveResources.opened(resource) { "a pool" }
        shouldThrow<IllegalStateException> { LeakCheck.assertNothingLive("here", graceMillis = 0) }.message shouldContain "a pool"
        LiveResources.closed(resource)
        LeakCheck.assertNothingLive("here", graceMillis = 0)
    }

    test("an OS process this JVM started (a worker JVM) counts until it has exited") {
        val child = ProcessBuilder("sleep", "30").start()
        try {
            shouldThrow<IllegalStateException> { LeakCheck.assertNothingLive("here", graceMillis = 0) }.message shouldContain "OS process ${child.pid()}"
        } finally {
            child.destroyForcibly()
            child.waitFor(30, TimeUnit.SECONDS)
        }
        LeakCheck.assertNothingLive("here")
    }
})
