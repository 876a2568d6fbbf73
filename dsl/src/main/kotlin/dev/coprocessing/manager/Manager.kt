package dev.coprocessing.manager

import dev.coprocessing.spawn.BaseContext
import dev.coprocessing.cpuCount
import dev.coprocessing.internal.LiveResources
import dev.coprocessing.internal.OwnedResource
import dev.coprocessing.internal.checkTimeout
import dev.coprocessing.internal.toTimeout
import dev.coprocessing.pool.Pool
import dev.coprocessing.process.Process
import dev.coprocessing.process.ProcessContext
import dev.coprocessing.process.blocking
import dev.coprocessing.sync.AbstractLock
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration

/**
 * Shared state for processes, as Python's `multiprocessing.Manager()` (a `SyncManager`): it makes objects that
 * every process uses through proxies. The data objects are [dict], [list], [Namespace], [Value] and [Array];
 * the others are the managed forms of [Lock], [RLock], [Semaphore], [BoundedSemaphore], [Event],
 * [Condition], [Barrier], [Queue], [JoinableQueue] and [Pool], with the rules of their plain counterparts.
 * A manager is ready when made (no `start()`); [shutdown] ends it.
 *
 * **The rules of every proxy.** Each single call is atomic; a read-modify-write made of two calls is not, as in
 * CPython (`d["count"] = d["count"]!! - 1` from many processes loses updates): hold a lock, or use the
 * atomic `update` the data proxies offer beyond CPython. A value goes in and comes out as a copy, as CPython
 * pickles it: collections, maps and arrays are copied, other objects are stored as they are, and a proxy
 * stored in a proxy stays a reference (see [DictProxy]).
 *
 * **Lifetime.** `manager { }` shuts its manager down when its block ends. A manager made inside a process
 * (in `multiprocessing { }`, or in a process's target) and still running when that process's body ends is
 * shut down then, as pools and executors are. Otherwise call [shutdown], or [close] (Java's
 * try-with-resources). Once it has shut down it makes nothing more and every proxy call throws
 * `IllegalStateException("Manager has shut down")`; callers waiting on its locks, events, conditions,
 * barriers or queues stop waiting with that error; the pools it made are terminated.
 *
 * **Names and snapshots.** Data objects have names, given (`dict(name = "counts")`) or made from their kind
 * (`dict-1`); asking again for a name returns the same object, its `initial` contents used only when it is
 * made. [saveJson] writes the data objects' contents as JSON, and [loadJson] puts them back.
 *
 * **Where objects live.** Today every object lives in this JVM and a proxy applies each call to it directly;
 * proxies reach their objects through one internal seam, so that the same proxies can later reach a worker
 * JVM's parent or a cluster.
 *
 * ```kotlin
 * multiprocessing {
 *     manager {
 *         val d = dict(mapOf("count" to 100))
 *         val lock = Lock()
 *         val workers = List(100) { Process { lock.withLock { d["count"] = d["count"]!! - 1 } } }
 *         workers.forEach { it.start() }
 *         workers.forEach { it.join() }
 *         println(d)      // {count=0}
 *     }
 * }
 * ```
 *
 * ```java
 * try (Manager manager = new Manager()) {
 *     DictProxy<String, Integer> d = manager.dict(Map.of("count", 100));
 *     d.update("count", n -> n - 1);
 * }
 * ```
 */
public class Manager : AutoCloseable {
    private val id = ids.incrementAndGet()
    private val owner: Process = ProcessContext.currentOrNull() ?: Process.outside
    internal val backend: ManagerBackend = LocalBackend("Manager-$id", { RLock() })
    private val pools = ArrayList<Pool>()   // guarded by itself

    private val ending = object : OwnedResource {
        override suspend fun endWithOwner(failed: Boolean) = shutdown()
    }

    /**
     * A manager, ready to make shared objects.
     *
     * ```kotlin
     * val manager = Manager()
     * try { val d = manager.dict<String, Int>() } finally { manager.shutdownBlocking() }
     * ```
     */
    public constructor()

    /**
     * A manager made by [context], as CPython's `Manager(ctx=...)` / `ctx.Manager()`. Its objects live in this
     * JVM whatever the start method: on `"spawn"` this JVM is the manager's server, and its proxies are what
     * crosses to worker JVMs.
     *
     * ```kotlin
     * val manager = Manager(getContext("spawn"))
     * ```
     */
    public constructor(context: BaseContext) {
        this.context = context
    }

    /** The context that made it, or `null` for the current start method's. */
    internal var context: BaseContext? = null
        private set

    init {
        LiveResources.opened(this)
        owner.own(ending)
    }

    /**
     * Whether [shutdown] has been called (Java: `isShutdown()`).
     *
     * ```kotlin
     * check(!manager.isShutdown)
     * ```
     */
    public val isShutdown: Boolean get() = backend.isShutdown

    // ---- data -------------------------------------------------------------------------------------------

    /**
     * A shared dict holding a copy of [initial], as Python's `manager.dict(initial)`. With a [name], the dict of
     * that name if this manager has one (then [initial] is not used), else a new one so named.
     *
     * ```kotlin
     * val d = manager.dict(mapOf("count" to 100))
     * ```
     */
    @JvmOverloads
    public fun <K, V> dict(initial: Map<out K, V> = emptyMap(), name: String? = null): DictProxy<K, V> =
        DictProxy(backend.open(ObjectSpec.Dict(name, initial)))

    /**
     * A shared list holding a copy of [initial], as Python's `manager.list(initial)`. With a [name], the list of
     * that name if this manager has one, else a new one so named.
     *
     * ```kotlin
     * val l = manager.list(listOf(1, 2, 3))
     * ```
     */
    @JvmOverloads
    public fun <T> list(initial: Iterable<T> = emptyList(), name: String? = null): ListProxy<T> =
        ListProxy(backend.open(ObjectSpec.Items(name, initial)))

    /**
     * A shared namespace with the attributes of [initial], as Python's `manager.Namespace(**kwargs)`.
     *
     * ```kotlin
     * val ns = manager.Namespace(mapOf("x" to 1))
     * ```
     */
    @JvmOverloads
    public fun Namespace(initial: Map<String, Any?> = emptyMap(), name: String? = null): NamespaceProxy =
        NamespaceProxy(backend.open(ObjectSpec.Namespace(name, initial)))

    /**
     * A shared value, as Python's `manager.Value(typecode, value)` and the `sharedctypes` `Value(initial,
     * lock=True)`: with [lock], [SharedValue.getLock] is a managed `RLock`; without, it has none.
     *
     * ```kotlin
     * val v = manager.Value(0)
     * v.getLock().withLock { v.value += 1 }
     * ```
     */
    @JvmOverloads
    public fun <T> Value(initial: T, lock: Boolean = true, name: String? = null): SharedValue<T> =
        SharedValue(backend.open(ObjectSpec.Value(name, initial, if (lock) RLock() else null)))

    /**
     * A shared array of [size] zeros, as Python's `manager.Array('i', size)`. A negative [size] throws
     * `IllegalArgumentException`.
     *
     * ```kotlin
     * val a = manager.Array(10)
     * ```
     */
    @JvmOverloads
    public fun Array(size: Int, lock: Boolean = true, name: String? = null): SharedArray<Int> = Array(size, 0, lock, name)

    /**
     * A shared array of [size] items, each [initial]. A negative [size] throws `IllegalArgumentException`.
     *
     * ```kotlin
     * val a = manager.Array(3, "")
     * ```
     */
    @JvmOverloads
    public fun <T> Array(size: Int, initial: T, lock: Boolean = true, name: String? = null): SharedArray<T> {
        require(size >= 0) { "array size must be >= 0, got $size: an Array holds size items" }
        return Array(List(size) { initial }, lock, name)
    }

    /**
     * A shared array holding copies of [items], as Python's `manager.Array(typecode, sequence)`; its size is
     * fixed at `items.count()`.
     *
     * ```kotlin
     * val a = manager.Array(listOf(1, 2, 3))
     * ```
     */
    @JvmOverloads
    public fun <T> Array(items: Iterable<T>, lock: Boolean = true, name: String? = null): SharedArray<T> =
        SharedArray(backend.open(ObjectSpec.Array(name, items.toList(), if (lock) RLock() else null)))

    // ---- synchronization and queues ---------------------------------------------------------------------

    /**
     * A managed non-reentrant lock, as `manager.Lock()`: see [dev.coprocessing.sync.Lock].
     *
     * ```kotlin
     * val lock = manager.Lock()
     * ```
     */
    public fun Lock(): LockProxy = LockProxy(backend.open(ObjectSpec.Lock(reentrant = false)))

    /**
     * A managed reentrant lock, as `manager.RLock()`: see [dev.coprocessing.sync.RLock].
     *
     * ```kotlin
     * val lock = manager.RLock()
     * ```
     */
    public fun RLock(): LockProxy = LockProxy(backend.open(ObjectSpec.Lock(reentrant = true)))

    /**
     * A managed semaphore of [value] permits, as `manager.Semaphore(value)`: see
     * [dev.coprocessing.sync.Semaphore]. `Semaphore(-1)` throws `IllegalArgumentException`.
     *
     * ```kotlin
     * val rooms = manager.Semaphore(4)
     * ```
     */
    @JvmOverloads
    public fun Semaphore(value: Int = 1): SemaphoreProxy = SemaphoreProxy(backend.open(ObjectSpec.Semaphore(value, bounded = false)))

    /**
     * A managed bounded semaphore, as `manager.BoundedSemaphore(value)`: see [dev.coprocessing.sync.BoundedSemaphore].
     *
     * ```kotlin
     * val slots = manager.BoundedSemaphore(3)
     * ```
     */
    @JvmOverloads
    public fun BoundedSemaphore(value: Int = 1): SemaphoreProxy =
        SemaphoreProxy(backend.open(ObjectSpec.Semaphore(value, bounded = true)))

    /**
     * A managed event, as `manager.Event()`: see [dev.coprocessing.sync.Event].
     *
     * ```kotlin
     * val ready = manager.Event()
     * ```
     */
    public fun Event(): EventProxy = EventProxy(backend.open(ObjectSpec.Event()))

    /**
     * A managed condition over [lock] (a managed `RLock` when `null`), as `manager.Condition(lock)`: see
     * [dev.coprocessing.sync.Condition].
     *
     * ```kotlin
     * val ready = manager.Condition()
     * ```
     */
    @JvmOverloads
    public fun Condition(lock: AbstractLock? = null): ConditionProxy =
        ConditionProxy(backend.open(ObjectSpec.Condition(lock ?: RLock())))

    /**
     * A managed barrier for [parties] callers, as `manager.Barrier(parties, action, timeout)`: see
     * [dev.coprocessing.sync.Barrier]. [action] runs in the last caller to arrive. `Barrier(0)` throws
     * `IllegalArgumentException`.
     *
     * ```kotlin
     * val start = manager.Barrier(3) { println("all here") }
     * ```
     */
    @JvmSynthetic
    public fun Barrier(parties: Int, timeout: Duration? = null, action: (suspend () -> Unit)? = null): BarrierProxy {
        checkTimeout(timeout)
        return BarrierProxy(backend.open(ObjectSpec.Barrier(parties, timeout, action)), parties)
    }

    /**
     * A managed barrier for [parties] callers (Java: `Barrier(int)`).
     *
     * ```java
     * BarrierProxy start = manager.Barrier(3);
     * ```
     */
    public fun Barrier(parties: Int): BarrierProxy = Barrier(parties, null, null)

    /**
     * A managed barrier whose [action] runs in the last caller to arrive (Java: `Barrier(int, Runnable)`).
     *
     * ```java
     * BarrierProxy start = manager.Barrier(3, () -> System.out.println("go"));
     * ```
     */
    public fun Barrier(parties: Int, action: Runnable): BarrierProxy = Barrier(parties, null) { action.run() }

    /**
     * A managed barrier whose waits give up after [timeout] (Java: `Barrier(int, Duration)`).
     *
     * ```java
     * BarrierProxy start = manager.Barrier(3, Duration.ofSeconds(5));
     * ```
     */
    public fun Barrier(parties: Int, timeout: java.time.Duration): BarrierProxy = Barrier(parties, timeout.toTimeout(), null)

    /**
     * A managed barrier with a default [timeout] and an [action] (Java: `Barrier(int, Duration, Runnable)`).
     *
     * ```java
     * BarrierProxy start = manager.Barrier(3, Duration.ofSeconds(5), () -> System.out.println("go"));
     * ```
     */
    public fun Barrier(parties: Int, timeout: java.time.Duration, action: Runnable): BarrierProxy =
        Barrier(parties, timeout.toTimeout()) { action.run() }

    /**
     * A managed queue of at most [maxsize] items (0 or less: unbounded), as `manager.Queue(maxsize)`: see
     * [QueueProxy].
     *
     * ```kotlin
     * val q = manager.Queue<String?>(3)
     * ```
     */
    @JvmOverloads
    public fun <T> Queue(maxsize: Int = 0): QueueProxy<T> = QueueProxy(backend.open(ObjectSpec.Queue(maxsize)), maxsize)

    /**
     * A managed joinable queue, as `manager.JoinableQueue(maxsize)`: the same as [Queue], which is joinable too.
     *
     * ```kotlin
     * val jobs = manager.JoinableQueue<Int>()
     * ```
     */
    @JvmOverloads
    public fun <T> JoinableQueue(maxsize: Int = 0): QueueProxy<T> = Queue(maxsize)

    /**
     * A pool of [processes] workers that this manager ends, as `manager.Pool(processes)`: a [Pool] like any
     * other (see there), terminated when the manager shuts down unless it has ended before. It is the pool
     * itself, not a proxy: a pool's tasks already run apart from the caller.
     *
     * ```kotlin
     * val squares = manager.Pool(4).run { map(1..10) { it * it }.also { close(); join() } }
     * ```
     */
    @JvmOverloads
    public fun Pool(processes: Int = cpuCount(), initializer: (suspend () -> Unit)? = null, maxtasksperchild: Int? = null): Pool =
        adopt { dev.coprocessing.pool.Pool(processes, initializer, maxtasksperchild) }

    /**
     * A pool whose workers each run the blocking [initializer] first, ended with this manager (Java:
     * `Pool(int, Runnable)`).
     *
     * ```java
     * Pool pool = manager.Pool(4, () -> System.out.println("ready"));
     * ```
     */
    public fun Pool(processes: Int, initializer: Runnable): Pool = adopt { dev.coprocessing.pool.Pool(processes, initializer) }

    private fun adopt(make: () -> Pool): Pool = synchronized(pools) {
        check(!isShutdown) { "Manager has shut down: no new objects can be made; make a new Manager()" }
        make().also { pools += it }
    }

    // ---- lifetime and snapshots -------------------------------------------------------------------------

    /**
     * Shuts the manager down, as Python's `manager.shutdown()`: it makes nothing more, every proxy call throws
     * `IllegalStateException("Manager has shut down")`, callers waiting on its objects stop waiting with that
     * error, and the pools it made are terminated; this suspends until they have ended. Shutting down again
     * does nothing. Cancelling the caller stops the wait, not the shutdown.
     *
     * ```kotlin
     * manager.shutdown()
     * ```
     */
    @JvmSynthetic
    public suspend fun shutdown() {
        backend.shutdown()
        val made = synchronized(pools) { pools.toList().also { pools.clear() } }
        made.forEach { it.terminate() }
        try {
            made.forEach { it.join() }
        } finally {
            owner.disown(ending)
            LiveResources.closed(this)
        }
    }

    /**
     * Shuts the manager down and blocks until its pools have ended: the blocking twin of [shutdown]
     * (Java: `shutdown()`).
     *
     * ```java
     * manager.shutdown();
     * ```
     */
    @JvmName("shutdown")
    @Throws(InterruptedException::class)
    public fun shutdownBlocking(): Unit = blocking { shutdown() }

    /**
     * [shutdownBlocking]: what `use { }` and Java's try-with-resources call at the end.
     *
     * ```java
     * try (Manager manager = new Manager()) { ... }
     * ```
     */
    override fun close(): Unit = shutdownBlocking()

    /**
     * The contents of this manager's data objects (dicts, lists, namespaces, values, arrays) as JSON, each read
     * in one atomic step. Values must be strings, numbers, booleans, `null`, instances of `@Serializable`
     * classes, or lists, sets and maps of them; any other value fails with kotlinx's `SerializationException`
     * (an `IllegalArgumentException`) naming the object and the key or index where it is. Locks, queues and
     * the other objects are not saved.
     *
     * ```kotlin
     * val json = manager.saveJson()   // {"coprocessing.manager":1,"objects":{"counts":{"kind":"dict","value":{"count":5}}}}
     * ```
     */
    public fun saveJson(): String = ManagerJson.encode(backend.snapshot())

    /**
     * Puts back the contents [saveJson] wrote: every object named in [json] gets that content (an object of
     * that name that this manager does not have yet is made), and other objects are left as they are. Ask for
     * a loaded object by its name: `dict<String, Int>(name = "counts")`. Numbers come back as `Int`, else
     * `Long`, else `Double`; collections as lists, sets and maps.
     *
     * Malformed JSON, or JSON that does not fit (an object of another kind under the same name, an array of
     * another size, a class that is not on the class path), throws `IllegalArgumentException` saying what is
     * wrong, and changes nothing.
     *
     * ```kotlin
     * Manager().use { it.loadJson(json); println(it.dict<String, Int>(name = "counts")) }
     * ```
     */
    public fun loadJson(json: String): Unit = backend.restore(ManagerJson.decode(json))

    /** `<Manager-1 running>` or `<Manager-1 shut down>`. */
    override fun toString(): String = "<Manager-$id ${if (isShutdown) "shut down" else "running"}>"

    private companion object {
        val ids = AtomicInteger()
    }
}
