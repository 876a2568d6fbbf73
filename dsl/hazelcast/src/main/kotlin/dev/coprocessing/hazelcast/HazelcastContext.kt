package dev.coprocessing.hazelcast

import com.hazelcast.cluster.Member
import com.hazelcast.core.HazelcastInstance
import dev.coprocessing.ThrowingRunnable
import dev.coprocessing.cpuCount
import dev.coprocessing.futures.ProcessPoolExecutor
import dev.coprocessing.pool.Pool
import dev.coprocessing.spawn.BaseContext
import dev.coprocessing.spi.BackendResources
import dev.coprocessing.spi.CoprocessingSpi
import dev.coprocessing.spi.WorkerPlaces
import java.util.concurrent.atomic.AtomicBoolean
import dev.coprocessing.process.Process as NewProcess

/**
 * The cluster as a start method: pools, executors, processes, queues, dicts and locks whose work and state live
 * on the members of a Hazelcast 5 cluster. Over an existing member or client: `HazelcastContext(instance)`; or
 * [hazelcastContext], which starts an embedded member on 127.0.0.1 that ends with the context.
 *
 * **Work.** The workers of a `Pool` or `ProcessPoolExecutor` made here (`ctx.Pool(8)`, or
 * `Pool(8, context = ctx)`) run each task on a member through the instance's `IExecutorService`: workers are
 * spread over the members, one after another, so `map` spreads its chunks over the cluster. What crosses follows
 * the `"spawn"` rule: a task, its items and results must be serializable, and what is not fails in the caller
 * with spawn's "Can't pickle …" message. Results, exceptions (type and message) and callbacks arrive in the
 * caller. A member that leaves fails only the tasks it held, with `WorkerLostError`, or retries each of them on
 * another member up to [retries] times. [onMember] pins work to one member.
 *
 * **State.** Every object has a name, and one name on two members is one object: [Queue] is an `IQueue`,
 * [Manager]'s `dict` an `IMap`. The open edition has no CP subsystem, so locks and events are built on `IMap`
 * entries and entry processors; docs/cluster.md says what each keeps when a member crashes.
 *
 * **Lifecycle.** [close] (or `use { }`) shuts the member down if this context started it, and does nothing to
 * an instance it was given. Pools and executors made here end with the process that made them, as any other.
 *
 * Every member that runs tasks needs coprocessing-dsl, coprocessing-hazelcast and the application's classes on
 * its classpath (Java serialization; no code is uploaded).
 *
 * ```kotlin
 * hazelcastContext().use { ctx ->
 *     runMultiprocessing {
 *         val pool = ctx.Pool(4)
 *         println(pool.map(1..10) { it * it })
 *         pool.close(); pool.join()
 *     }
 * }
 * ```
 * ```java
 * try (HazelcastContext ctx = HazelcastContexts.hazelcastContext()) {
 *     Pool pool = ctx.Pool(4);
 *     System.out.println(pool.map(List.of(1, 2, 3), x -> x * x));
 *     pool.close(); pool.join();
 * }
 * ```
 */
@OptIn(CoprocessingSpi::class)
public class HazelcastContext private constructor(
    /** The member or client this context works through. */
    public val instance: HazelcastInstance,
    /**
     * How many times a task whose member left while it ran it is run again on another member before it fails
     * with `WorkerLostError`; 0 by default, since a task may have had effects before its member left.
     */
    public val retries: Int,
    /** The members work is pinned to ([onMember]), or `null` for every member. */
    private val pinned: Set<Member>?,
    /** Whether [close] shuts [instance] down (it was started by [hazelcastContext]). */
    private val owned: Boolean,
) : BaseContext(START_METHOD), AutoCloseable {

    /**
     * A context over [instance], an existing member or client; closing it leaves the instance running. A task
     * whose member leaves while running it is retried up to [retries] times on other members.
     *
     * ```kotlin
     * val ctx = HazelcastContext(Hazelcast.newHazelcastInstance(config), retries = 1)
     * ```
     */
    @JvmOverloads
    public constructor(instance: HazelcastInstance, retries: Int = 0) : this(instance, retries, null, owned = false)

    init {
        require(retries >= 0) { "retries must be >= 0, got $retries" }
    }

    private val closed = AtomicBoolean()

    /** Where this context's workers run: members of the cluster. */
    internal val places: MemberPlaces by lazy { MemberPlaces(this) }

    override fun workerPlaces(): WorkerPlaces = places

    /** The executor tasks run through. */
    internal val executor get() = instance.getExecutorService(EXECUTOR)

    /** The members work may go to now: the pinned ones that are still in the cluster, or every data member. */
    internal fun candidates(): List<Member> {
        val all = instance.cluster.members.filter { !it.isLiteMember }
        return pinned?.let { p -> all.filter { it in p } } ?: all
    }

    /**
     * The cluster's members now, the oldest first.
     *
     * ```kotlin
     * println(ctx.members().size)
     * ```
     */
    public fun members(): List<Member> = instance.cluster.members.toList()

    /**
     * This context with its work pinned to [member]: the workers of pools and executors made from it, and its
     * processes, run there only. When that member leaves, their tasks fail with `WorkerLostError` (there is no
     * other member to retry on), and new work finds no place: the pool or executor breaks.
     *
     * ```kotlin
     * val second = ctx.members()[1]
     * ctx.onMember(second).ProcessPoolExecutor(1).use { ex -> println(ex.submit { 6 * 7 }.result()) }
     * ```
     */
    public fun onMember(member: Member): HazelcastContext = HazelcastContext(instance, retries, setOf(member), owned = false)

    /**
     * This context, retrying each task whose member left while it ran up to [retries] times elsewhere.
     *
     * ```kotlin
     * val patient = ctx.withRetries(2)
     * ```
     */
    public fun withRetries(retries: Int): HazelcastContext = HazelcastContext(instance, retries, pinned, owned = false)

    /**
     * A `Pool` of [processes] workers on the members (by default, [cpuCount] per member now in the cluster);
     * see `Pool`'s constructor for [initializer] and [maxtasksperchild], which run on the members too.
     *
     * ```kotlin
     * val pool = ctx.Pool(8)
     * println(pool.map(1..100) { it * it }.sum())
     * ```
     */
    @JvmOverloads
    public fun Pool(
        processes: Int = cpuCount() * candidates().size.coerceAtLeast(1),
        initializer: (suspend () -> Unit)? = null,
        maxtasksperchild: Int? = null,
    ): Pool = Pool(processes, initializer, maxtasksperchild, this)

    /**
     * A `ProcessPoolExecutor` of [maxWorkers] workers on the members (by default, [cpuCount] per member now in
     * the cluster). A member that leaves fails only the futures it ran (`WorkerLostError`); the executor goes on.
     *
     * ```kotlin
     * ctx.ProcessPoolExecutor(4).use { ex -> println(ex.submit { 6 * 7 }.result()) }
     * ```
     */
    @JvmOverloads
    public fun ProcessPoolExecutor(
        maxWorkers: Int = cpuCount() * candidates().size.coerceAtLeast(1),
        initializer: (suspend () -> Unit)? = null,
        maxTasksPerChild: Int? = null,
    ): ProcessPoolExecutor = ProcessPoolExecutor(maxWorkers, initializer, maxTasksPerChild, this)

    /**
     * A process whose [target] runs on a member ([member], or the next one in turn): `start`, `join`,
     * `exitCode` (0, 1 when the target threw, `n` after `exit(n)`), `terminate` (the target is interrupted on
     * its member; -15) keep their meaning. The target must cross ("Can't pickle …" otherwise, at once). Its
     * `pid` is this JVM's view of it, not the member's. A member that leaves while it runs ends it with exit
     * code 1 and a `WorkerLostError`.
     *
     * ```kotlin
     * val p = ctx.Process(name = "remote") { println("on a member") }
     * p.start(); p.join()
     * ```
     */
    @JvmOverloads
    public fun Process(
        name: String? = null,
        daemon: Boolean = false,
        member: Member? = null,
        target: suspend () -> Unit,
    ): NewProcess = MemberProcesses.process(this, name, daemon, member, target)

    /**
     * A process whose blocking Java [target] runs on a member (see the Kotlin form): a lambda for
     * `ThrowingRunnable`, which is serializable, crosses when what it captures does.
     *
     * ```java
     * Process p = ctx.Process("remote", false, null, () -> System.out.println("on a member"));
     * p.start(); p.join();
     * ```
     */
    @JvmOverloads
    public fun Process(
        name: String? = null,
        daemon: Boolean = false,
        member: Member? = null,
        target: ThrowingRunnable,
    ): NewProcess = MemberProcesses.process(this, name, daemon, member) { target.run() }

    /**
     * The cluster's queue [name] (an `IQueue`): one name on two members is one queue. [maxsize] > 0 bounds it
     * (set once per name: a second call with another bound fails).
     *
     * ```kotlin
     * val jobs = ctx.Queue<String?>("jobs")
     * jobs.put("spam")
     * ```
     */
    @JvmOverloads
    public fun <T> Queue(name: String, maxsize: Int = 0): ClusterQueue<T> = ClusterQueue(this, name, maxsize)

    /**
     * The cluster's joinable queue [name]: a [Queue] whose `taskDone()` and `join()` count across the cluster.
     *
     * ```kotlin
     * val jobs = ctx.JoinableQueue<Int>("kitchen")
     * ```
     */
    @JvmOverloads
    public fun <T> JoinableQueue(name: String, maxsize: Int = 0): ClusterJoinableQueue<T> = ClusterJoinableQueue(this, name, maxsize)

    /**
     * The cluster's manager: named dicts, lists and values on the members.
     *
     * ```kotlin
     * val counts = ctx.Manager().dict<String, Int>("counts")
     * ```
     */
    public fun Manager(): ClusterManager = ClusterManager(this)

    /**
     * The cluster's lock [name] (non-reentrant, as `Lock`): held by one caller in the whole cluster at a time.
     *
     * ```kotlin
     * ctx.Lock("tickets").withLock { buy() }
     * ```
     */
    public fun Lock(name: String): ClusterLock = ClusterLock(this, name)

    /**
     * The cluster's event [name]: `set()` on one member wakes `wait()` on every other.
     *
     * ```kotlin
     * val go = ctx.Event("go"); go.set()
     * ```
     */
    public fun Event(name: String): ClusterEvent = ClusterEvent(this, name)

    /**
     * Shuts the embedded member down if [hazelcastContext] started it (the call returns once it is down); for a
     * context over an instance it was given, nothing. Closing twice is fine.
     *
     * ```kotlin
     * val ctx = hazelcastContext(); try { work(ctx) } finally { ctx.close() }
     * ```
     */
    override fun close() {
        if (!closed.compareAndSet(false, true) || !owned) return
        try {
            instance.shutdown()
        } finally {
            BackendResources.closed(instance)
        }
    }

    override fun toString(): String =
        "<HazelcastContext cluster '${instance.config.clusterName}' members=${runCatching { members().size }.getOrDefault(0)}" +
            (pinned?.let { " on ${it.joinToString { m -> m.address.toString() }}" } ?: "") + (if (retries > 0) " retries=$retries" else "") + ">"

    internal companion object {
        const val START_METHOD = "hazelcast"

        /** The executor service the library's tasks run on, by name (its pool size is the members' config). */
        const val EXECUTOR = "coprocessing"

        /** A context that owns [instance]: closing it shuts the member down. */
        fun owning(instance: HazelcastInstance, retries: Int): HazelcastContext {
            BackendResources.opened(instance) { "Hazelcast member '${instance.name}'" }
            return HazelcastContext(instance, retries, null, owned = true)
        }
    }
}
