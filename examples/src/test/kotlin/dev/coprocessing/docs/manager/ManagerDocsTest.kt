@file:OptIn(ExperimentalCoroutinesApi::class)

package dev.coprocessing.docs.manager

import dev.coprocessing.manager.Array
import dev.coprocessing.manager.Manager
import dev.coprocessing.manager.Value
import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.runTest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The blocks of docs/manager.md are these tests, so Surefire runs every one of them. */
class ManagerDocsTest {
    @Test fun sharedCounter() = runTest {
        // doc:start docs/manager.md
        multiprocessing {
            manager {
                val d = dict(mapOf("count" to 100, "atomic" to 100))
                val lock = Lock()
                val workers = List(100) {
                    Process {
                        lock.withLock { d["count"] = d["count"]!! - 1 }   // with lock: d["count"] -= 1
                        d.update("atomic") { it - 1 }                     // one atomic step, no lock
                    }
                }
                workers.forEach { it.start() }
                workers.forEach { it.join() }
                assertEquals(mapOf("count" to 0, "atomic" to 0), d.copy())
            }
        }
        // doc:end
    }

    @Test fun copies() = runTest {
        // doc:start docs/manager.md
        manager {
            val d = dict<String, List<Int>>()
            d["xs"] = listOf(1, 2)
            val read = d["xs"]!!.toMutableList()
            read += 3                                  // changes the copy only
            assertEquals(listOf(1, 2), d["xs"])
            d.update("xs") { it + 3 }                  // changes the stored value, atomically
            assertEquals(listOf(1, 2, 3), d["xs"])
        }
        // doc:end
    }

    @Test fun nestedProxies() = runTest {
        // doc:start docs/manager.md
        manager {
            val pets = dict(mapOf("ferrets" to 2))
            val d = dict(mapOf("pets" to pets))        // a proxy stored in a proxy stays a reference
            d["pets"]!!["hamsters"] = 4
            assertEquals(mapOf("ferrets" to 2, "hamsters" to 4), pets.copy())
        }
        // doc:end
    }

    @Test fun snapshots() = runTest {
        // doc:start docs/manager.md
        val json = manager {
            dict(mapOf("count" to 5, "seen" to setOf("a", "b")), name = "state")
            saveJson()
        }
        assertEquals(
            """{"coprocessing.manager":1,"objects":{"state":{"kind":"dict","value":{"count":5,"seen":{"@set":["a","b"]}}}}}""",
            json,
        )
        Manager().use { restored ->
            restored.loadJson(json)
            val state = restored.dict<String, Any>(name = "state")
            assertEquals(mapOf("count" to 5, "seen" to setOf("a", "b")), state.copy())
        }
        // doc:end
    }

    @Test fun sharedCtypes() = runTest {
        // doc:start docs/manager.md
        val counter = Value(0)                         // multiprocessing.Value('i', 0)
        val squares = Array(5)                         // multiprocessing.Array('i', 5)
        multiprocessing {
            repeat(5) { i ->
                Process {
                    squares[i] = i * i
                    counter.getLock().withLock { counter.value += 1 }
                }.start()
            }
        }
        assertEquals(5, counter.value)
        assertEquals(listOf(0, 1, 4, 9, 16), squares.toList())
        // doc:end
    }
}
