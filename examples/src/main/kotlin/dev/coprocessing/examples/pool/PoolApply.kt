package dev.coprocessing.examples.pool

import dev.coprocessing.currentProcess
import dev.coprocessing.multiprocessing
import dev.coprocessing.pool.AsyncResult
import dev.coprocessing.pool.Pool
import dev.coprocessing.sleep
import kotlin.random.Random

/**
 * Seed 001, "Pool模块": `p.apply(func=fc, args=(i,))` five times. `apply` is synchronous: each call waits for
 * its task, so the five lines come one every half second, in order, even though the pool has five workers.
 */
suspend fun poolApply() = multiprocessing {
    suspend fun fc(i: Int) {
        sleep(0.5)
        println("func$i ${currentProcess().pid}")
    }

    val p = Pool(5)
    for (i in 0 until 5) {
        p.apply { fc(i) } // synchronous call: waits here until fc(i) has run on a worker
    }
    p.close()
    p.join()
}

/**
 * Seed 001, "进程池的异步调用": ten `apply_async` calls on a pool of three, then `close()`, `join()` and `get()`.
 * Watch the pids: only three workers, created once, run all ten tasks. The results come back in submission
 * order, whatever order the tasks finished in.
 */
suspend fun poolApplyAsync() = multiprocessing {
    suspend fun work(n: Int): Int {
        println("${currentProcess().pid} run")
        sleep(Random.nextDouble()) // a random pause, as time.sleep(random.random())
        return n * n
    }

    val p = Pool(3) // three workers, created once: the same three run every task
    val resL = mutableListOf<AsyncResult<Int>>()
    for (i in 0 until 10) {
        resL += p.applyAsync { work(i) }
    }
    // Submitted asynchronously: close() and join() wait for the pool's work, then get() collects the results.
    p.close()
    p.join()
    for (res in resL) {
        println(res.get())
    }
}

/**
 * Seed 001, "没有返回值的情况": five `apply_async` calls whose tasks print instead of returning. `close()` stops
 * new submissions and `join()` waits for all five; the lines come together after about one second.
 */
suspend fun poolNoReturn() = multiprocessing {
    suspend fun wahaha(i: Int) {
        sleep(1.0)
        println("*".repeat(i))
    }

    val p = Pool(5)
    for (i in 0 until 5) {
        p.applyAsync { wahaha(i) }
    }
    p.close() // no more tasks
    p.join() // wait for the tasks in the pool to finish
}

/**
 * Seed 001, "有返回值的情况": the tasks return their stars and the main process prints them with `get()`, in
 * submission order, one second after the start.
 */
suspend fun poolAsyncResults() = multiprocessing {
    suspend fun wahaha(i: Int): String {
        sleep(1.0)
        return "*".repeat(i)
    }

    val p = Pool(5)
    val res1 = (1 until 5).map { i -> p.applyAsync { wahaha(i) } }
    for (r in res1) println(r.get())
    p.close()
    p.join()
}

/**
 * Seed 001, "map": `p.map(func=wahaha, iterable=range(1, 5))` prints from the workers; then a map that returns
 * `i * i` for `range(10)` gives the list in input order, after about one second (ten half-second tasks on five
 * workers).
 */
suspend fun poolMap() = multiprocessing {
    val p = Pool(5)
    p.map(1 until 5) { i ->
        sleep(1.0)
        println("*".repeat(i))
    }
    val res = p.map(0 until 10) { i ->
        sleep(0.5)
        i * i
    }
    println(res)
    p.close()
    p.join()
}
