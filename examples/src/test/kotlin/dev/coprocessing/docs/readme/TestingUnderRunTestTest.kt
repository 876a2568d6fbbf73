@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.docs.readme

import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sleep
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The README's block under "Testing code that uses it" is a test, so Surefire runs it as one. */
class TestingUnderRunTestTest {
    // doc:start README.md
    @Test fun daemonStopsWithTheMainBody() = runTest {
        multiprocessing {
            val consort = Process(daemon = true) { sleep(50.0); println("never printed") }
            consort.start()
            sleep(3.0)
        }                          // the daemon is terminated here; 3 s of virtual time have passed
        assertEquals(3000, currentTime)
    }
    // doc:end
}
