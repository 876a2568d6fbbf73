package dev.coprocessing.engine

import dev.coprocessing.SystemExit
import dev.coprocessing.futures.PATIENCE_SECONDS
import dev.coprocessing.futures.captureStderr
import dev.coprocessing.pool.Pool
import dev.coprocessing.pool.eventually
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class CallbackGuardSpec : FunSpec({
    test("exit() in a pool callback fails its result with it, terminates the pool instead of hanging it, and reaches its thread's handler") {
        // The result handler's thread dies of it: its uncaught-exception handler prints it, after join() returned.
        captureStderr {
            runBlocking {
                withTimeout(PATIENCE_SECONDS.seconds) {
                    val pool = Pool(1)
                    val exiting = pool.applyAsync(callback = { throw SystemExit(3) }) { 1 }
                    shouldThrow<SystemExit> { exiting.get() }.code shouldBe 3
                    eventually("the result handler to terminate the pool") { pool.toString().contains("state=TERMINATE") }
                    shouldThrow<IllegalStateException> { pool.applyAsync { 2 } }
                    pool.join()
                }
            }
        }
    }
})
