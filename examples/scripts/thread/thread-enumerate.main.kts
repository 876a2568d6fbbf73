// thread-enumerate: currentThread, activeCount and enumerate while three threads run
// Seed 003 threading. Run: ./examples/kts thread-enumerate (no Kotlin install needed), or kotlinc -script this file.
// Made from examples/src/main/kotlin/dev/coprocessing/examples/thread/Enumerate.kt by ScriptSourcesSpec:
// change that file, not this one, and write the scripts again (docs/examples.md).
@file:DependsOn("dev.coprocessing:coprocessing-dsl:0.1.0-SNAPSHOT")
@file:CompilerOptions("-jvm-target", "17")   // the library's inline functions are built for 17

import dev.coprocessing.multiprocessing
import dev.coprocessing.sync.Event
import dev.coprocessing.thread.Thread
import dev.coprocessing.thread.activeCount
import dev.coprocessing.thread.currentThread
import dev.coprocessing.thread.enumerate
import dev.coprocessing.thread.getIdent
import dev.coprocessing.thread.mainThread
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking

/**
 * Seed 003, `current_thread`, `active_count` and `enumerate`: three threads print who they are, then wait for
 * an event while the main code counts and lists the live threads. The block's own code runs on a coroutine
 * dispatcher thread, which the library did not start: `currentThread()` there is a dummy thread, as CPython
 * calls threads it did not start.
 */
suspend fun enumerateThreads() = multiprocessing {
    val go = Event()
    val ready = dev.coprocessing.sync.Barrier(4)
    val threads = List(3) { i ->
        Thread {
            val me = currentThread()
            println("thread $i is ${me.name}, ident == getIdent(): ${me.ident == getIdent()}")
            ready.waitBlocking(10.0)
            go.waitBlocking(10.0)
        }
    }
    threads.forEach { it.start() }
    ready.wait()
    val ours = enumerate().filter { it in threads }
    println("our three are among the ${activeCount()} live threads: ${ours.size == 3}")
    println("they are listed in start order: ${ours == threads}")
    println("the main thread: ${mainThread().name}, daemon=${mainThread().daemon}")
    println("this block's code runs on a thread the library did not start: ${currentThread().toString().startsWith("<_DummyThread(Dummy-")}")
    go.set()
    threads.forEach { it.join() }
    println("after join, live threads of ours: ${enumerate().count { it in threads }}")
}

// A script's top level is not a coroutine: run the example as a `suspend fun main` runs it.
runBlocking(Dispatchers.Default) { enumerateThreads() }
