package dev.coprocessing.reliability

import dev.coprocessing.context.getContext
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.queue.SimpleQueue
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.BoundedSemaphore
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf

/**
 * Every factory of a context makes its object, on both start methods (none of them starts a JVM). They once
 * called themselves instead of the constructor they are named after, and overflowed the stack.
 */
class ContextFactoriesSpec : FunSpec({
    for (method in listOf("coroutine", "spawn")) {
        test("the factories of getContext(\"$method\") make queues, locks and events that work") {
            val ctx = getContext(method)
            ctx.Queue<Int>(2).apply { put(1) }.shouldBeInstanceOf<Queue<Int>>().get() shouldBe 1
            ctx.JoinableQueue<Int>().shouldBeInstanceOf<JoinableQueue<Int>>()
            ctx.SimpleQueue<Int>().shouldBeInstanceOf<SimpleQueue<Int>>()
            ctx.Lock().shouldBeInstanceOf<Lock>().acquire(block = false) shouldBe true
            ctx.RLock().shouldBeInstanceOf<RLock>()
            ctx.Semaphore(2).shouldBeInstanceOf<Semaphore>().getValue() shouldBe 2
            ctx.BoundedSemaphore(3).shouldBeInstanceOf<BoundedSemaphore>().getValue() shouldBe 3
            ctx.Event().shouldBeInstanceOf<Event>().isSet() shouldBe false
            ctx.Condition().shouldBeInstanceOf<Condition>()
            ctx.Barrier(2).shouldBeInstanceOf<Barrier>().parties shouldBe 2
            val (a, b) = ctx.Pipe<String>()
            a.send("x")
            b.recv() shouldBe "x"
            ctx.Value(1).value shouldBe 1
            ctx.Array(3).toList() shouldBe listOf(0, 0, 0)
        }
    }
})
