package dev.coprocessing.sync

import dev.coprocessing.process.Process
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.job
import kotlinx.coroutines.test.runTest
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

class ScopedCodeSpec : FunSpec({

    test("this kotlinx.coroutines keeps scoped code and launched coroutines apart") {
        ScopedCode.observed.distinguishable shouldBe true
    }

    test("scoped code acts for the coroutine around it; a launched coroutine for itself") {
        runTest {
            val outer = currentCoroutineContext().job
            val scopes = ScopedCode.observed
            coroutineScope {
                withTimeout(5.seconds) {
                    withContext(Dispatchers.Unconfined) { scopes.ownerOf(coroutineContext.job) shouldBe outer }
                }
            }
            val child = async { scopes.ownerOf(coroutineContext.job) }
            (child.await() === child) shouldBe true
        }
    }

    test("when scoped code cannot be told apart, nothing counts as scoped and an unbounded wait fails loudly") {
        runTest {
            val same = setOf<Class<*>>(Job::class.java)
            val blind = ScopedCode(scoped = same, launched = same)
            blind.distinguishable shouldBe false
            val outer = currentCoroutineContext().job
            val holder = Holder(outer, Process.outside)
            coroutineScope {
                val inner = coroutineContext.job
                (blind.ownerOf(inner) === inner) shouldBe true
                shouldThrow<IllegalStateException> {
                    Holder(inner, Process.outside).checkOwnerKnown(holder, blind)
                }.message shouldContain "cannot tell whether this coroutine is the lock's holder"
                // The holder itself, and anyone not below it, are known callers.
                holder.checkOwnerKnown(holder, blind)
                Holder(Job(), Process.outside).checkOwnerKnown(holder, blind)
            }
        }
    }
})
