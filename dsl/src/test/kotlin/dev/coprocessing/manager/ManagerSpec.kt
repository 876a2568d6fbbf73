package dev.coprocessing.manager

import dev.coprocessing.KeyError
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.util.TreeMap
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * The data objects of a [Manager], after CPython's `_TestContainers`, `_TestNamespace`, `_TestValue` and
 * `_TestArray` in Lib/test/_test_multiprocessing.py, with the rules this library adds (atomic `update`, the
 * copy rule, named objects) and the bad input each object must refuse.
 */
class ManagerSpec : FunSpec({

    context("dict (_TestContainers.test_dict)") {
        test("keys, values, items and copy read what was set, in insertion order") {
            manager {
                val d = dict<Int, String>()
                val indices = 65 until 70
                for (i in indices) d[i] = i.toChar().toString()
                d.copy() shouldBe indices.associateWith { it.toChar().toString() }
                d.keys().sorted() shouldContainExactly indices.toList()
                d.values().sorted() shouldContainExactly indices.map { it.toChar().toString() }
                d.items() shouldContainExactly indices.map { it to it.toChar().toString() }
                d.len() shouldBe 5
                d.size shouldBe 5
            }
        }

        test("Python's dict methods: get with a default, pop, popitem, setdefault, update, clear") {
            manager {
                val d = dict(mapOf("a" to 1, "b" to 2))
                d.get("a", 0) shouldBe 1
                d.get("z", 0) shouldBe 0
                d["z"] shouldBe null
                d.getValue("b") shouldBe 2
                d.setdefault("c", 3) shouldBe 3
                d.setdefault("c", 30) shouldBe 3
                d.pop("a") shouldBe 1
                d.pop("a", -1) shouldBe -1
                d.popitem() shouldBe ("c" to 3)
                d.update(mapOf("x" to 10, "y" to 20))
                d.update(listOf("b" to 200))
                d.copy() shouldBe mapOf("b" to 200, "x" to 10, "y" to 20)
                ("x" in d) shouldBe true
                d.clear()
                d.isEmpty() shouldBe true
            }
        }

        test("update(key) { } is one atomic read-modify-write; with a default it starts a missing key") {
            manager {
                val d = dict(mapOf("count" to 100))
                d.update("count") { it - 1 } shouldBe 99
                d.update("hits", 0) { it + 1 } shouldBe 1
                d.update("hits", 0) { it + 1 } shouldBe 2
                d.copy() shouldBe mapOf("count" to 99, "hits" to 2)
                // An exception in the function changes nothing.
                shouldThrow<IllegalStateException> { d.update("count") { error("no") } }
                d["count"] shouldBe 99
            }
        }

        test("iteration reads a snapshot: an iterator is exhausted once, and changes made meanwhile do not show") {
            manager {
                val d = dict<Int, Int>()
                for (i in 0 until 10) d[i] = i
                val keys = d.keys.iterator()
                val seen = mutableListOf<Int>()
                d[99] = 99
                keys.forEach { seen += it }
                seen shouldContainExactly (0 until 10).toList()
                keys.hasNext() shouldBe false
                d.entries.map { it.key } shouldContainExactly (0 until 10).toList() + 99
            }
        }

        test("it is a MutableMap: views, entry setValue, iterator remove and the JDK's atomic defaults") {
            manager {
                val d = dict(mapOf("a" to 1, "b" to 2, "c" to 3))
                val asMap: MutableMap<String, Int> = d
                asMap.entries.first { it.key == "a" }.setValue(10)
                d["a"] shouldBe 10
                val keys = d.keys.iterator()
                keys.next()
                keys.remove()
                d.containsKey("a") shouldBe false
                d.keys.remove("b") shouldBe true
                d.keys.remove("b") shouldBe false
                d.putIfAbsent("c", 30) shouldBe 3
                d.computeIfAbsent("d") { 4 } shouldBe 4
                d.computeIfPresent("d") { _, v -> v + 1 } shouldBe 5
                d.compute("d") { _, _ -> null } shouldBe null
                d.containsKey("d") shouldBe false
                d.merge("c", 1) { old, new -> old + new } shouldBe 4
                d.replaceAll { _, v -> v * 10 }
                d shouldBe mapOf("c" to 40)
                d.hashCode() shouldBe mapOf("c" to 40).hashCode()
                d.toString() shouldBe "{c=40}"
                mapOf("c" to 40) shouldBe d.copy()
                shouldThrow<UnsupportedOperationException> { d.keys.add("x") }
            }
        }

        test("a value read from the dict is a copy: changing it changes nothing until it is stored (cpython#91192)") {
            manager {
                val d = dict<String, Any?>()
                val mine = mutableListOf(1, 2)
                d["xs"] = mine
                mine += 3
                d["xs"] shouldBe listOf(1, 2)
                @Suppress("UNCHECKED_CAST")
                val read = d["xs"] as MutableList<Int>
                read += 99
                d["xs"] shouldBe listOf(1, 2)
                d.update("xs") { (it as List<*>) + 3 }
                d["xs"] shouldBe listOf(1, 2, 3)
                d["nested"] = mapOf("inner" to mutableSetOf(1))
                ((d["nested"] as Map<*, *>)["inner"] as MutableSet<Any?>).add(2)
                d["nested"] shouldBe mapOf("inner" to setOf(1))
                d["sorted"] = TreeMap(mapOf(2 to "b", 1 to "a"))
                d["sorted"].shouldBeInstanceOf<TreeMap<*, *>>()
                val array = intArrayOf(1, 2)
                d["array"] = array
                array[0] = 100
                (d["array"] as IntArray).toList() shouldContainExactly listOf(1, 2)
            }
        }

        test("a proxy stored in a proxy stays a reference to its object (test_dict_proxy_nested)") {
            manager {
                val pets = dict(mapOf("ferrets" to 2, "hamsters" to 4))
                val supplies = dict(mapOf("water" to 10, "feed" to 3))
                val d = dict(mapOf("pets" to pets, "supplies" to supplies))
                d["pets"]!!["ferrets"] shouldBe 2
                d["supplies"]!!["water"] shouldBe 10
                d["pets"].shouldBeSameInstanceAs(pets)
                pets["marmots"] = 1
                d["pets"]!!["marmots"] shouldBe 1
                val l = list(listOf(pets, supplies))
                l[0]["marmots"] = 2
                pets["marmots"] shouldBe 2
            }
        }

        test("processes share the dict: a child's write is seen by its parent") {
            runTest {
                manager {
                    val d = dict<String, Int>()
                    multiprocessing {
                        Process { d["child"] = 7 }.apply { start(); join() }
                    }
                    d["child"] shouldBe 7
                }
            }
        }
    }

    context("list (_TestContainers.test_list)") {
        test("extend, index, slices through subList, count, reverse, sort, insert, pop") {
            manager {
                val a = list((0 until 10).toList())
                a.copy() shouldContainExactly (0 until 10).toList()
                val b = list<Int>()
                b.copy().shouldBeEmpty()
                b.extend(0 until 5)
                b.copy() shouldContainExactly listOf(0, 1, 2, 3, 4)
                b[2] shouldBe 2
                b.subList(2, 5) shouldContainExactly listOf(2, 3, 4)
                b.extend(b)
                b.copy() shouldContainExactly listOf(0, 1, 2, 3, 4, 0, 1, 2, 3, 4)
                b.count(3) shouldBe 2
                b.index(3) shouldBe 3
                b.index(3, start = 4) shouldBe 8
                b.reverse()
                b.copy() shouldContainExactly listOf(4, 3, 2, 1, 0, 4, 3, 2, 1, 0)
                b.sort()
                b.copy() shouldContainExactly listOf(0, 0, 1, 1, 2, 2, 3, 3, 4, 4)
                b.sort(reverse = true)
                b.first() shouldBe 4
                b.sortWith(compareBy { -it })
                b.first() shouldBe 4
                b.insert(0, -1)
                b.insert(100, 100)
                b.first() shouldBe -1
                b.last() shouldBe 100
                b.pop() shouldBe 100
                b.pop(0) shouldBe -1
                b.len() shouldBe 10
                b.remove(4) shouldBe true
                b.count(4) shouldBe 1
                b.update(0) { it + 10 } shouldBe 14
                b.removeIf { it < 2 }
                b.copy() shouldContainExactly listOf(14, 3, 3, 2, 2)
                b.toString() shouldBe "[14, 3, 3, 2, 2]"
            }
        }

        test("iteration reads a snapshot, and its iterators are read-only") {
            manager {
                val a = list((0 until 10).toList())
                val items = a.iterator()
                a.append(10)
                items.asSequence().toList() shouldContainExactly (0 until 10).toList()
                items.hasNext() shouldBe false
                a.toList() shouldContainExactly (0..10).toList()
                shouldThrow<UnsupportedOperationException> { a.iterator().apply { next() }.remove() }
            }
        }

        test("it is a MutableList that any Kotlin or Java code can take") {
            manager {
                val a = list(listOf("b", "a"))
                val asList: MutableList<String> = a
                asList.add("c")
                asList.add(0, "z")
                asList.removeAt(0) shouldBe "z"
                asList[0] = "B"
                java.util.Collections.sort(asList)
                a.copy() shouldContainExactly listOf("B", "a", "c")
                a shouldBe listOf("B", "a", "c")
                a.indexOf("c") shouldBe 2
                a.containsAll(listOf("a", "c")) shouldBe true
            }
        }

        test("a list of list proxies: writing through an inner proxy changes that list (test_list_proxy_in_list)") {
            manager {
                val a = list(List(3) { list(listOf(0, 1, 2)) })
                a[0][2] = 55
                a[0].copy() shouldContainExactly listOf(0, 1, 55)
                a[1].copy() shouldContainExactly listOf(0, 1, 2)
                a[2].copy() shouldContainExactly listOf(0, 1, 2)
            }
        }
    }

    context("Namespace (_TestNamespace)") {
        test("attributes are set, read, deleted, and shown as CPython's repr") {
            manager {
                val n = Namespace()
                n["name"] = "Bob"
                n["job"] = "Builder"
                (n["name"] to n["job"]) shouldBe ("Bob" to "Builder")
                n.delete("job")
                n.toString() shouldBe "Namespace(name='Bob')"
                ("name" in n) shouldBe true
                ("job" in n) shouldBe false
                n.update("name") { "$it the Builder" } shouldBe "Bob the Builder"
            }
        }

        test("delegated properties read and write attributes; a child process sees them") {
            runTest {
                manager {
                    val ns = Namespace(mapOf("x" to 1))
                    var x: Int by ns
                    multiprocessing { Process { x += 1 }.apply { start(); join() } }
                    x shouldBe 2
                    ns.toMap() shouldBe mapOf("x" to 2)
                }
            }
        }
    }

    context("Value (_TestValue)") {
        test("each kind of value reads back, and a child process's write is seen") {
            runTest {
                val codesValues = listOf(4343 to 24234, 3.625 to -4.25, (-232).toShort() to 234.toShort(), (1L shl 33) to (1L shl 34), 'x' to 'y')
                for ((value, value2) in codesValues) {
                    for (shared in listOf(Value(value), RawValue(value))) {
                        shared.value shouldBe value
                        multiprocessing { Process { shared.value = value2 }.apply { start(); join() } }
                        shared.value shouldBe value2
                    }
                }
                manager {
                    val sv = Value(4343)
                    multiprocessing { Process { sv.value = 24234 }.apply { start(); join() } }
                    sv.value shouldBe 24234
                }
            }
        }

        test("getLock: an RLock by default, the lock given, none without one (test_getobj_getlock)") {
            Value(5).getLock().shouldBeInstanceOf<RLock>()
            val lock = Lock()
            Value(5, lock).getLock().shouldBeSameInstanceAs(lock)
            shouldThrow<IllegalStateException> { Value(5, lock = false).getLock() }.message shouldContain "without a lock"
            shouldThrow<IllegalStateException> { RawValue(5).getLock() }
            Value(5).toString() shouldBe "<Synchronized wrapper for 5>"
            RawValue("x").toString() shouldBe "RawValue('x')"
            manager {
                Value(5).getLock().shouldBeInstanceOf<LockProxy>()
                shouldThrow<IllegalStateException> { Value(5, lock = false).getLock() }
            }
        }

        test("value += 1 under the lock, and update, count exactly") {
            runTest {
                val counter = Value(0)
                multiprocessing {
                    repeat(10) {
                        Process {
                            counter.getLock().withLock { counter.value += 1 }
                            counter.update { it + 1 }
                        }.start()
                    }
                }
                counter.value shouldBe 20
            }
        }
    }

    context("Array (_TestArray)") {
        val seq = listOf(680, 626, 934, 821, 150, 233, 548, 982, 714, 831)

        test("indexes, size and toList read what was given; a child process's cumulative sums are seen") {
            runTest {
                for (arr in listOf(Array(seq), RawArray(seq))) {
                    arr.size shouldBe seq.size
                    arr.len() shouldBe seq.size
                    arr[3] shouldBe seq[3]
                    arr.toList().subList(2, 7) shouldContainExactly seq.subList(2, 7)
                    multiprocessing {
                        Process { for (i in 1 until arr.size) arr[i] += arr[i - 1] }.apply { start(); join() }
                    }
                    arr.toList() shouldContainExactly seq.runningReduce(Int::plus)
                }
            }
        }

        test("an array from a size holds zeros (test_array_from_size), and can be refilled") {
            repeat(3) {
                val arr = Array(10)
                arr.size shouldBe 10
                arr.toList() shouldContainExactly List(10) { 0 }
                for (i in 0 until 10) arr[i] = i
                arr.toList() shouldContainExactly (0 until 10).toList()
                arr.iterator().asSequence().sum() shouldBe 45
            }
            Array(3, "x").toList() shouldContainExactly listOf("x", "x", "x")
            RawArray(2, 0.5).toList() shouldContainExactly listOf(0.5, 0.5)
            RawArray(2).toString() shouldBe "RawArray([0, 0])"
            Array(listOf("a")).toString() shouldBe "<SynchronizedArray wrapper for ['a']>"
        }

        test("getLock: an RLock by default, the lock given, none without one; update is atomic") {
            Array(3).getLock().shouldBeInstanceOf<RLock>()
            val lock = Lock()
            Array(listOf(1), lock).getLock().shouldBeSameInstanceAs(lock)
            shouldThrow<IllegalStateException> { RawArray(3).getLock() }
            val a = Array(listOf(1, 2))
            a.update(1) { it * 10 } shouldBe 20
            a.toList() shouldContainExactly listOf(1, 20)
            manager {
                val m = Array(listOf(1, 2, 3))
                m.getLock().withLock { m[0] = m[0] + 1 }
                m.toList() shouldContainExactly listOf(2, 2, 3)
            }
        }
    }

    context("named objects") {
        test("asking again for a name gives the same object; initial is used only when it is made") {
            manager {
                val d = dict(mapOf("a" to 1), name = "counts")
                val again = dict(mapOf("b" to 2), name = "counts")
                again["c"] = 3
                d.copy() shouldBe mapOf("a" to 1, "c" to 3)
                Value(1, name = "v").value = 5
                Value(0, name = "v").value shouldBe 5
                Value(0, name = "v").getLock().shouldBeSameInstanceAs(Value(0, name = "v").getLock())
            }
        }

        test("a name already taken by another kind fails, naming both") {
            manager {
                dict<String, Int>(name = "x")
                shouldThrow<IllegalArgumentException> { list<Int>(name = "x") }.message shouldContain "already has dict 'x'"
            }
        }
    }

    context("managed locks, queues and pools") {
        test("a managed Lock guards a dict's read-modify-write across processes") {
            runTest {
                manager {
                    val d = dict(mapOf("count" to 100))
                    val lock = Lock()
                    multiprocessing {
                        repeat(100) { Process { lock.withLock { d["count"] = d["count"]!! - 1 } }.start() }
                    }
                    d["count"] shouldBe 0
                }
            }
        }

        test("a managed Queue carries copies between processes; Queue and JoinableQueue are both joinable") {
            runTest {
                manager {
                    val q = Queue<MutableList<Int>?>()
                    val item = mutableListOf(1)
                    q.put(item)
                    item += 2
                    q.get() shouldBe listOf(1)
                    val jobs = JoinableQueue<Int>()
                    multiprocessing {
                        Process { while (true) { jobs.get(); jobs.taskDone() } }.apply { daemon = true; start() }
                        repeat(5) { jobs.put(it) }
                        jobs.join()
                    }
                    jobs.qsize() shouldBe 0
                }
            }
        }

        test("a manager's Pool runs tasks and is terminated when the manager shuts down") {
            val made = manager {
                val pool = Pool(2)
                pool.apply { 6 * 7 } shouldBe 42
                pool
            }
            made.toString() shouldContain "TERMINATE"
        }
    }

    context("lifetime") {
        test("manager { } shuts down at the end of its block, also when it throws; Java's close() is shutdown") {
            lateinit var kept: Manager
            shouldThrow<IllegalArgumentException> { manager { kept = this; throw IllegalArgumentException("boom") } }
            kept.isShutdown shouldBe true
            val m = Manager()
            m.toString() shouldContain "running"
            m.use { }
            m.isShutdown shouldBe true
            m.toString() shouldContain "shut down"
            m.shutdownBlocking()   // again: nothing
            managerBlocking { it.dict(mapOf("a" to 1)).len() } shouldBe 1
        }

        test("a manager left running ends with the process that made it, as pools do") {
            runTest {
                lateinit var inner: Manager
                multiprocessing {
                    Process { inner = Manager(); inner.dict<String, Int>()["x"] = 1 }.apply { start(); join() }
                    inner.isShutdown shouldBe true
                }
            }
        }

        test("callers waiting on a manager's objects stop with 'Manager has shut down' when it shuts down") {
            runTest {
                val m = Manager()
                val lock = m.Lock()
                val event = m.Event()
                val q = m.Queue<Int>()
                lock.acquire()
                val waiters = listOf(
                    async { runCatching { lock.acquire() }.exceptionOrNull() },
                    async { runCatching { event.wait() }.exceptionOrNull() },
                    async { runCatching { q.get() }.exceptionOrNull() },
                )
                runCurrent()
                m.shutdown()
                for (waiter in waiters) {
                    waiter.await().shouldBeInstanceOf<IllegalStateException>().message shouldStartWith "Manager has shut down"
                }
            }
        }
    }

    context("bad input, each failing at once with a message that says what to do") {
        test("a missing key: KeyError, a NoSuchElementException naming the key") {
            manager {
                val d = dict(mapOf("a" to 1))
                shouldThrow<KeyError> { d.getValue("nope") }.apply {
                    key shouldBe "nope"
                    message shouldContain "'nope' is not a key of dict"
                }
                shouldThrow<NoSuchElementException> { d.pop("nope") }.message shouldContain "'nope'"
                shouldThrow<KeyError> { d.update("nope") { it + 1 } }
                d.clear()
                shouldThrow<KeyError> { d.popitem() }.message shouldContain "is empty"
                shouldThrow<KeyError> { Namespace()["ghost"] }.message shouldContain "has no attribute 'ghost'"
                d.isEmpty() shouldBe true
            }
        }

        test("an index out of range: IndexOutOfBoundsException with CPython's words, the index and the size") {
            manager {
                val l = list(listOf(1, 2, 3))
                shouldThrow<IndexOutOfBoundsException> { l[3] }.message shouldStartWith "list index out of range: index 3"
                shouldThrow<IndexOutOfBoundsException> { l[-1] }.message shouldContain "negative indexes"
                shouldThrow<IndexOutOfBoundsException> { l[5] = 0 }.message shouldStartWith "list assignment index out of range"
                shouldThrow<IndexOutOfBoundsException> { l.pop(7) }.message shouldStartWith "pop index out of range"
                shouldThrow<IndexOutOfBoundsException> { list<Int>().pop() }.message shouldStartWith "pop from empty list"
                shouldThrow<IllegalArgumentException> { l.index(9) }.message shouldContain "9 is not in list"
                val a = Array(2)
                shouldThrow<IndexOutOfBoundsException> { a[2] }.message shouldStartWith "array index out of range"
                shouldThrow<IndexOutOfBoundsException> { a[2] = 1 }
                l.copy() shouldContainExactly listOf(1, 2, 3)
            }
        }

        test("an Array of negative size") {
            shouldThrow<IllegalArgumentException> { Array(-1) }.message shouldStartWith "array size must be >= 0, got -1"
            shouldThrow<IllegalArgumentException> { RawArray(-2, "x") }
            manager { shouldThrow<IllegalArgumentException> { Array(-1) } }
        }

        test("use after shutdown: new objects are refused and proxies fail with 'Manager has shut down'") {
            lateinit var d: DictProxy<String, Int>
            lateinit var l: ListProxy<Int>
            lateinit var lock: LockProxy
            val m = manager {
                d = dict(mapOf("a" to 1))
                l = list(listOf(1))
                lock = Lock()
                this
            }
            shouldThrow<IllegalStateException> { d["a"] }.message shouldStartWith "Manager has shut down"
            shouldThrow<IllegalStateException> { l.append(2) }.message shouldContain "can no longer be used"
            shouldThrow<IllegalStateException> { lock.acquireBlocking() }.message shouldStartWith "Manager has shut down"
            shouldThrow<IllegalStateException> { m.dict<String, Int>() }.message shouldStartWith "Manager has shut down"
            shouldThrow<IllegalStateException> { m.Pool(1) }.message shouldStartWith "Manager has shut down"
            shouldThrow<IllegalStateException> { m.saveJson() }
            d.toString() shouldContain "shut down"
            lock.toString() shouldContain "shut down"
        }

        test("a Value read after its manager ended") {
            val v = manager { Value(5) }
            shouldThrow<IllegalStateException> { v.value }.message shouldStartWith "Manager has shut down: value 'value-"
            shouldThrow<IllegalStateException> { v.value = 6 }
            shouldThrow<IllegalStateException> { manager { Array(2) }.toList() }
        }

        test("a waiting call after shutdown, through a blocking twin") {
            val m = Manager()
            val q = m.Queue<Int>()
            m.shutdownBlocking()
            shouldThrow<IllegalStateException> { q.getBlocking(timeout = 1.seconds) }.message shouldStartWith "Manager has shut down"
        }
    }
})
