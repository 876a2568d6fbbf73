@file:OptIn(CoprocessingSpi::class)

package dev.coprocessing.spawn

import dev.coprocessing.BrokenProcessPool
import dev.coprocessing.WorkerLostError
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.Pool
import dev.coprocessing.sleep
import dev.coprocessing.spi.CoprocessingSpi
import dev.coprocessing.spi.RemoteWork
import dev.coprocessing.spi.WorkerPlace
import dev.coprocessing.spi.WorkerPlaceLost
import dev.coprocessing.spi.WorkerPlaces
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayInputStream
import java.io.ByteArrayOutputStream
import java.io.ObjectInputStream
import java.io.ObjectOutputStream
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

/**
 * The backend SPI, with a backend of this JVM whose places run each unit from a serialized copy, as a remote
 * one would: pools and executors on it, a lost place, a backend with no place to give.
 */
class PlaceWorkersSpec : FunSpec({
    test("a pool and an executor on a backend's places: results, exceptions, and the spawn crossing rule") {
        val places = CopyingPlaces()
        multiprocessing {
            val pool = Pool(2, context = BackendContext(places))
            pool.map(1..10) { it * it } shouldBe (1..10).map { it * it }
            pool.apply { "unit" } shouldBe "unit"
            shouldThrow<IllegalStateException> { pool.apply { error("boom") } }.message shouldBe "boom"
            val thread = Thread {}
            shouldThrow<IllegalArgumentException> { pool.apply { thread.name } }.message shouldContain "Can't pickle"
            // What a unit returns must cross back too: the unit fails, saying so.
            shouldThrow<IllegalArgumentException> { pool.map(1..3) { Any() } }.message shouldContain "Can't pickle the result"
            shouldThrow<IllegalArgumentException> { pool.apply { Any() } }.message shouldContain "Can't pickle the result"
            pool.close()
            pool.join()
            ProcessPoolExecutor(1, mpContext = BackendContext(places)).use { ex ->
                ex.submit { 6 * 7 }.result(30.seconds) shouldBe 42
            }
        }
        places.opened.get() shouldBe 3
        places.closed.get() shouldBe 3
    }

    test("a lost place fails only the unit it held, with WorkerLostError; the worker opens a new place") {
        val places = CopyingPlaces()
        multiprocessing {
            val pool = Pool(1, context = BackendContext(places))
            pool.apply { 1 } shouldBe 1
            places.loseNext.set(true)
            val lost = shouldThrow<WorkerLostError> { pool.apply { 2 } }
            lost.message shouldContain "the place went away"
            lost.exitCode shouldBe 9
            pool.apply { 3 } shouldBe 3
            pool.close()
            pool.join()

            ProcessPoolExecutor(1, mpContext = BackendContext(places)).use { ex ->
                places.loseNext.set(true)
                shouldThrow<WorkerLostError> { ex.submit { 4 }.result(30.seconds) }
                ex.submit { 5 }.result(30.seconds) shouldBe 5 // not broken
            }
        }
        places.opened.get() shouldBe places.closed.get()
    }

    test("terminate stops a unit running at its place") {
        multiprocessing {
            val pool = Pool(1, context = BackendContext(CopyingPlaces()))
            val r = pool.applyAsync { sleep(60.0) }
            sleep(0.2)
            pool.terminate()
            pool.join()
            r.successful() shouldBe false
        }
    }

    test("a backend with no place to give breaks the pool, saying why") {
        multiprocessing {
            val pool = Pool(1, context = BackendContext(object : WorkerPlaces {
                override fun open(name: String): WorkerPlace = throw IllegalStateException("no place for $name")
            }))
            val error = shouldThrow<BrokenProcessPool> { pool.apply { 1 } }
            generateSequence(error as Throwable) { it.cause }.joinToString(" / ") shouldContain "no place for SpawnPoolWorker-"
            pool.terminate()
            pool.join()
        }
    }

    test("a backend's start method is a name of its own") {
        shouldThrow<IllegalArgumentException> { object : BaseContext("spawn") {} }.message shouldContain "new name"
        BackendContext(CopyingPlaces()).getStartMethod() shouldBe "loopback"
    }
})

private class BackendContext(private val places: WorkerPlaces) : BaseContext("loopback") {
    override fun workerPlaces(): WorkerPlaces = places
}

/** Places of this JVM that run a deserialized copy of each unit, and can be told to lose the next one. */
private class CopyingPlaces : WorkerPlaces {
    val opened = AtomicInteger()
    val closed = AtomicInteger()
    val loseNext = AtomicBoolean()

    override fun open(name: String): WorkerPlace {
        opened.incrementAndGet()
        return object : WorkerPlace {
            override fun run(work: RemoteWork): ByteArray {
                val bytes = ByteArrayOutputStream().also { ObjectOutputStream(it).use { out -> out.writeObject(work) } }.toByteArray()
                val copy = ObjectInputStream(ByteArrayInputStream(bytes)).readObject() as RemoteWork
                if (loseNext.getAndSet(false)) throw WorkerPlaceLost("the place went away", 9)
                return copy.run(javaClass.classLoader)
            }

            override fun stop(kill: Boolean) = Unit

            override fun close() {
                closed.incrementAndGet()
            }
        }
    }
}
