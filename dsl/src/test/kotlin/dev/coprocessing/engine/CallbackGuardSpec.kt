package dev.coprocessing.engine

import dev.coprocessing.SystemExit
import dev.coprocessing.futures.PATIENCE_SECONDS
import dev.coprocessing.futures.captureStderr
import dev.coprocessing.pool.Pool
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout

class CallbackGuardSpec : FunSpec({
    test("exit() in a pool callback fails its result with it, terminates the pool instead of hanging it, and reaches the thread handler") {
        val err = captureStderr {
            runBlocking {
                withTimeout(PATIENCE_SECONDS.seconds) {
                    val pool = Pool(1)
                    val exiting = pool.applyAsync(callback = { throw SystemExit(3) }) { 1 }
                    shouldThrow<SystemExit> { exiting.get() }.code shouldBe 3
                    shouldThrow<IllegalStateException> { pool.applyAsync { 2 } }
                    pool.join()
                }
            }
        }
        err shouldContain "SystemExit"
    }
})
