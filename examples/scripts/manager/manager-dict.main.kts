// manager-dict: one process changes a Manager().dict {count: 100}; the parent sees {count=99} too
// Seed 001 Manager. Run: ./examples/kts manager-dict (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/manager/ManagerDict.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.manager.manager
import dev.coprocessing.multiprocessing
import dev.coprocessing.process.Process
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 001, "修改字典的值": `m.dict({'count': 100})` handed to one process, which does
 * `dic['count'] = dic['count'] - 1` and prints it; the parent prints it after `join()`. Both see 99: the dict
 * lives in the manager, and the child changed it there, not a copy of its own.
 */
suspend fun managerDict() = multiprocessing {
    manager {
        val dic = dict(mapOf("count" to 100))
        val p = Process {
            dic["count"] = dic["count"]!! - 1
            println(dic)
        }
        p.start()
        p.join()
        println(dic)
    }
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { managerDict() }
