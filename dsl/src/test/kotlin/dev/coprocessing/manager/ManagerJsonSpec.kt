package dev.coprocessing.manager

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import kotlinx.serialization.Serializable
import kotlinx.serialization.SerializationException

@Serializable
data class Point(val x: Int, val y: Int)

@Serializable
enum class Light { RED, GREEN }

/** A manager's state saved to JSON and loaded back: saveJson() and loadJson(json). */
class ManagerJsonSpec : FunSpec({

    test("every data object round-trips, with @Serializable values, nested collections and non-string keys") {
        val json = manager {
            dict(mapOf("count" to 5, "big" to (1L shl 40), "ratio" to 0.5, "none" to null, "on" to true), name = "counts")
            dict(mapOf(1 to "one", 2 to "two"), name = "byNumber")
            dict(mapOf("origin" to Point(0, 0), "light" to Light.GREEN, "letter" to 'x'), name = "things")
            list(listOf(listOf(1, 2), setOf("a"), mapOf("k" to Point(1, 2)), mapOf("@odd" to 1)), name = "nested")
            Namespace(mapOf("name" to "Bob"), name = "ns")
            Value(42, name = "answer")
            Array(listOf(1, 2, 3), name = "arr")
            Lock()   // not saved
            saveJson()
        }
        json shouldContain "\"coprocessing.manager\":1"
        json shouldContain "\"counts\":{\"kind\":\"dict\",\"value\":{\"count\":5"
        manager {
            loadJson(json)
            dict<String, Any?>(name = "counts").copy() shouldBe
                mapOf("count" to 5, "big" to (1L shl 40), "ratio" to 0.5, "none" to null, "on" to true)
            dict<Int, String>(name = "byNumber").copy() shouldBe mapOf(1 to "one", 2 to "two")
            dict<String, Any>(name = "things").copy() shouldBe mapOf("origin" to Point(0, 0), "light" to Light.GREEN, "letter" to 'x')
            val nested = list<Any?>(name = "nested")
            nested.copy() shouldContainExactly listOf(listOf(1, 2), setOf("a"), mapOf("k" to Point(1, 2)), mapOf("@odd" to 1))
            nested[1].shouldBeInstanceOf<Set<*>>()
            Namespace(name = "ns")["name"] shouldBe "Bob"
            Value(0, name = "answer").value shouldBe 42
            Value(0, name = "answer").getLock().shouldBeInstanceOf<LockProxy>()
            Array(listOf(0, 0, 0), name = "arr").toList() shouldContainExactly listOf(1, 2, 3)
            saveJson() shouldBe json
        }
    }

    test("loading replaces the contents of objects of those names and leaves the others alone") {
        manager {
            val d = dict(mapOf("count" to 1), name = "counts")
            val other = list(listOf("keep"), name = "other")
            val json = saveJson()
            d["count"] = 99
            d["extra"] = 1
            other.append("me")
            loadJson(json)
            d.copy() shouldBe mapOf("count" to 1)
            other.copy() shouldContainExactly listOf("keep")
        }
    }

    test("a value that cannot be serialized fails with a message naming its key, and nothing is written") {
        manager {
            val d = dict<String, Any>(name = "counts")
            d["ok"] = 1
            d["worker"] = Thread.currentThread()
            val e = shouldThrow<SerializationException> { saveJson() }
            e.message shouldContain "dict 'counts', at key 'worker'"
            e.message shouldContain "java.lang.Thread"
            e.shouldBeInstanceOf<IllegalArgumentException>()
            list(listOf(listOf(1, Any())), name = "l")
            d.remove("worker")
            shouldThrow<SerializationException> { saveJson() }.message shouldContain "list 'l', at index 0, item 1"
        }
    }

    test("malformed JSON fails with a clear error and leaves the manager's state untouched") {
        manager {
            val d = dict(mapOf("count" to 1), name = "counts")
            val good = saveJson()
            val bad = listOf(
                "{not json" to "it is not JSON",
                "[1, 2]" to "it is not a manager's snapshot",
                """{"coprocessing.manager": 2, "objects": {}}""" to "version 2",
                """{"coprocessing.manager": 1}""" to "\"objects\" is missing",
                """{"coprocessing.manager": 1, "objects": {"x": {"kind": "Lock", "value": 1}}}""" to "has kind \"Lock\"",
                """{"coprocessing.manager": 1, "objects": {"x": {"kind": "dict"}}}""" to "has no \"value\"",
                """{"coprocessing.manager": 1, "objects": {"x": {"kind": "dict", "value": [1]}}}""" to "does not hold a map",
                """{"coprocessing.manager": 1, "objects": {"x": {"kind": "dict", "value": {"p": {"@class": "no.Such", "value": 1}}}}}""" to
                    "not on the class path",
                good.replace("\"kind\":\"dict\"", "\"kind\":\"list\"").replace("{\"count\":1}", "[1]") to "but Manager",
            )
            for ((json, why) in bad) {
                val e = shouldThrow<IllegalArgumentException> { loadJson(json) }
                e.message shouldContain "cannot load the manager's state"
                e.message shouldContain why
                e.message shouldContain "nothing was loaded"
            }
            d.copy() shouldBe mapOf("count" to 1)
        }
    }

    test("an array's size is fixed: a snapshot with another size for it is refused before anything changes") {
        manager {
            val a = Array(3, name = "arr")
            val d = dict(mapOf("x" to 1), name = "d")
            val json = saveJson().replace("[0,0,0]", "[1,2]").replace("{\"x\":1}", "{\"x\":2}")
            shouldThrow<IllegalArgumentException> { loadJson(json) }.message shouldContain "has 2 items"
            a.toList() shouldContainExactly listOf(0, 0, 0)
            d["x"] shouldBe 1
        }
    }
})
