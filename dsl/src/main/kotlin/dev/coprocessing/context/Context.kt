package dev.coprocessing.context

import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.cpuCount
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.manager.Manager
import dev.coprocessing.manager.SharedArray
import dev.coprocessing.manager.SharedValue
import dev.coprocessing.pipe.Connection
import dev.coprocessing.pool.Pool
import dev.coprocessing.queue.JoinableQueue
import dev.coprocessing.queue.Queue
import dev.coprocessing.queue.SimpleQueue
import dev.coprocessing.spawn.BaseContext
import dev.coprocessing.spawn.StartMethods
import dev.coprocessing.sync.AbstractLock
import dev.coprocessing.sync.Barrier
import dev.coprocessing.sync.BoundedSemaphore
import dev.coprocessing.sync.Condition
import dev.coprocessing.sync.Event
import dev.coprocessing.sync.Lock
import dev.coprocessing.sync.RLock
import dev.coprocessing.sync.Semaphore
import java.util.concurrent.Callable
import dev.coprocessing.manager.Array as SharedArrayOf
import dev.coprocessing.manager.Value as SharedValueOf
import dev.coprocessing.pipe.Pipe as PipeOf
import dev.coprocessing.process.Process as NewProcess

/**
 * A start method and the factories of everything that crosses processes, as CPython's `multiprocessing`
 * context objects: `ctx.Process { }`, `ctx.Pool(4)`, `ctx.Queue()`. Get one with [getContext].
 *
 * On `"coroutine"` (the default) a process is a coroutine of this JVM. On `"spawn"` every process, and every
 * worker of a `Pool` or `ProcessPoolExecutor` made here, is a fresh JVM started with this JVM's `java` and
 * classpath: its `pid` is the OS pid, its memory its own, its crash its own. What crosses is serialized: a
 * target, task, argument or result must be serializable (a suspend lambda capturing serializable values is), or
 * `start()`/`submit()`/`map()` fail at once with `IllegalArgumentException` ("Can't pickle ...").
 *
 * The queues, locks and other objects it makes are the same as those made directly: they are this JVM's.
 *
 * ```kotlin
 * val ctx = getContext("spawn")
 * multiprocessing {
 *     val p = ctx.Process { println("in ${currentProcess().pid}") }
 *     p.start(); p.join()
 *     val pool = ctx.Pool(4)
 *     println(pool.map((1..10).toList()) { it * it })
 *     pool.close(); pool.join()
 * }
 * ```
 * ```java
 * Context ctx = Contexts.getContext("spawn");
 * Process p = ctx.Process(() -> System.out.println("in another JVM"));
 * ```
 */
public class Context internal constructor(method: String, jvmOptions: List<String> = emptyList()) : BaseContext(method, jvmOptions) {

    /**
     * This spawn context with [options] for every worker JVM it starts (`-Xmx64m`, `-Dkey=value`), after
     * those it already has. Throws `IllegalStateException` on a context that does not start JVMs.
     *
     * ```kotlin
     * val small = getContext("spawn").withJvmOptions("-Xmx64m")
     * ```
     */
    public fun withJvmOptions(vararg options: String): Context {
        check(spawns) { "JVM options apply to the \"spawn\" start method only; this context is \"${getStartMethod()}\"" }
        return Context(getStartMethod(), jvmOptions + options)
    }

    /**
     * A process of this context running [target] (see `Process`'s constructor for [name] and [daemon]).
     *
     * ```kotlin
     * val p = ctx.Process(name = "worker") { work() }
     * ```
     */
    @JvmOverloads
    public fun Process(name: String? = null, daemon: Boolean = false, target: (suspend () -> Unit)? = null): NewProcess =
        NewProcess(name, daemon, target).also(::choose)

    /**
     * A process of this context running blocking Java code. On `"spawn"` the target crosses to the other JVM:
     * a lambda for `ThrowingRunnable` (which is serializable) crosses when what it captures is serializable.
     *
     * ```java
     * Process p = ctx.Process("worker", false, () -> System.out.println("hello"));
     * ```
     */
    @JvmOverloads
    public fun Process(name: String? = null, daemon: Boolean = false, target: ThrowingRunnable): NewProcess =
        NewProcess(name, daemon, target).also(::choose)

    /**
     * A process of this context running a Java `Callable` (its result is ignored). On `"spawn"` the callable
     * must be serializable: cast a lambda with `(Callable<Void> & Serializable)`.
     *
     * ```java
     * Process p = ctx.Process((Callable<Void> & Serializable) () -> { work(); return null; });
     * ```
     */
    @JvmOverloads
    public fun Process(name: String? = null, daemon: Boolean = false, target: Callable<*>): NewProcess =
        NewProcess(name, daemon, target).also(::choose)

    /**
     * Makes [process] (a subclass instance, or one made by a constructor) a process of this context: it will
     * start as this context's start method says. Returns it. On `"spawn"` a subclass that overrides `run()`
     * crosses itself, so it must implement `java.io.Serializable`.
     *
     * ```kotlin
     * val server = ctx.adopt(Server(8080))
     * ```
     */
    public fun <P : NewProcess> adopt(process: P): P = process.also(::choose)

    private fun choose(process: NewProcess) {
        process.machineryCheckNotStarted()
        process.spawnerChosen = true
        process.spawner = spawner
    }

    /**
     * A `Pool` whose workers this context makes (on `"spawn"`, a JVM each).
     *
     * ```kotlin
     * val pool = ctx.Pool(4)
     * println(pool.map(listOf(1, 2, 3)) { x -> x * x })
     * ```
     */
    @JvmOverloads
    public fun Pool(
        processes: Int = cpuCount(),
        initializer: (suspend () -> Unit)? = null,
        maxtasksperchild: Int? = null,
    ): Pool = Pool(processes, initializer, maxtasksperchild, this)

    /**
     * A `ProcessPoolExecutor` whose workers this context makes (on `"spawn"`, a JVM each).
     *
     * ```kotlin
     * ctx.ProcessPoolExecutor(4).use { ex -> println(ex.submit { 6 * 7 }.result()) }
     * ```
     */
    @JvmOverloads
    public fun ProcessPoolExecutor(
        maxWorkers: Int = cpuCount(),
        initializer: (suspend () -> Unit)? = null,
        maxTasksPerChild: Int? = null,
    ): ProcessPoolExecutor = ProcessPoolExecutor(maxWorkers, initializer, maxTasksPerChild, this)

    /**
     * A `Manager` of this context.
     *
     * ```kotlin
     * val manager = ctx.Manager()
     * ```
     */
    public fun Manager(): Manager = Manager(this)

    // The constructors are called by their full names: inside this class, a bare `Queue(...)` would be the member
    // below calling itself.

    /** A `Queue` (see its constructor). ```kotlin val q = ctx.Queue<Int>() ``` */
    @JvmOverloads
    public fun <T> Queue(maxsize: Int = 0): Queue<T> = dev.coprocessing.queue.Queue(maxsize)

    /** A `JoinableQueue` (see its constructor). ```kotlin val q = ctx.JoinableQueue<Int>() ``` */
    @JvmOverloads
    public fun <T> JoinableQueue(maxsize: Int = 0): JoinableQueue<T> = dev.coprocessing.queue.JoinableQueue(maxsize)

    /** A `SimpleQueue`. ```kotlin val q = ctx.SimpleQueue<Int>() ``` */
    public fun <T> SimpleQueue(): SimpleQueue<T> = dev.coprocessing.queue.SimpleQueue()

    /** A `Pipe` (see `Pipe()`). ```kotlin val (a, b) = ctx.Pipe<String>() ``` */
    @JvmOverloads
    public fun <T> Pipe(duplex: Boolean = true): Pair<Connection<T>, Connection<T>> = PipeOf(duplex)

    /** A `Lock`. ```kotlin val lock = ctx.Lock() ``` */
    public fun Lock(): Lock = dev.coprocessing.sync.Lock()

    /** An `RLock`. ```kotlin val lock = ctx.RLock() ``` */
    public fun RLock(): RLock = dev.coprocessing.sync.RLock()

    /** A `Semaphore`. ```kotlin val s = ctx.Semaphore(3) ``` */
    @JvmOverloads
    public fun Semaphore(value: Int = 1): Semaphore = dev.coprocessing.sync.Semaphore(value)

    /** A `BoundedSemaphore`. ```kotlin val s = ctx.BoundedSemaphore(3) ``` */
    @JvmOverloads
    public fun BoundedSemaphore(value: Int = 1): BoundedSemaphore = dev.coprocessing.sync.BoundedSemaphore(value)

    /** An `Event`. ```kotlin val e = ctx.Event() ``` */
    public fun Event(): Event = dev.coprocessing.sync.Event()

    /** A `Condition`, over [lock] or a new `RLock`. ```kotlin val c = ctx.Condition() ``` */
    @JvmOverloads
    public fun Condition(lock: AbstractLock? = null): Condition = dev.coprocessing.sync.Condition(lock)

    /** A `Barrier` for [parties] callers. ```kotlin val b = ctx.Barrier(3) ``` */
    public fun Barrier(parties: Int): Barrier = dev.coprocessing.sync.Barrier(parties)

    /** A shared `Value` (see `Value()`). ```kotlin val n = ctx.Value(0) ``` */
    @JvmOverloads
    public fun <T> Value(initial: T, lock: Boolean = true): SharedValue<T> = SharedValueOf(initial, lock)

    /** A shared `Array` of [size] zeros (see `Array()`). ```kotlin val a = ctx.Array(10) ``` */
    @JvmOverloads
    public fun Array(size: Int, lock: Boolean = true): SharedArray<Int> = SharedArrayOf(size, lock)

    /** A shared `Array` of [items] (see `Array()`). ```kotlin val a = ctx.Array(listOf(1.0, 2.0)) ``` */
    @JvmOverloads
    public fun <T> Array(items: Iterable<T>, lock: Boolean = true): SharedArray<T> = SharedArrayOf(items, lock)
}
