package dev.coprocessing.spawn

import dev.coprocessing.engine.WorkerBackend
import dev.coprocessing.process.Process
import dev.coprocessing.process.StartMethodDefault
import dev.coprocessing.spi.CoprocessingSpi
import dev.coprocessing.spi.WorkerPlaces

/**
 * How processes are made, as CPython's `BaseContext`: what `Pool(context = ...)`, `ProcessPoolExecutor(mpContext
 * = ...)` and `Manager(context = ...)` accept. Get one from `getContext("spawn")` (package
 * `dev.coprocessing.context`), whose `Context` also has the factories of every object that crosses processes.
 *
 * ```kotlin
 * val pool = Pool(4, context = getContext("spawn"))
 * ```
 */
public abstract class BaseContext private constructor(
    private val method: String,
    /** The options each worker JVM of this context starts with (`-Xmx64m`), before the worker's main class. */
    internal val jvmOptions: List<String>,
    /** Whether a backend outside the core made it ([workerPlaces] says where its workers run). */
    external: Boolean,
) {
    internal constructor(method: String, jvmOptions: List<String> = emptyList()) : this(method, jvmOptions, external = false)

    /**
     * A context of a backend outside the core, whose start method is [method] (`"hazelcast"`): its pools'
     * and executors' workers run where [workerPlaces] says. For backends, not for applications.
     *
     * ```kotlin
     * @OptIn(CoprocessingSpi::class)
     * class ClusterContext : BaseContext("cluster") { override fun workerPlaces(): WorkerPlaces = places }
     * ```
     */
    @CoprocessingSpi
    protected constructor(method: String) : this(method, emptyList(), external = true)

    init {
        if (external) {
            require(method.isNotBlank() && method !in StartMethods.ALL) { "a backend's start method must be a new name, not '$method'" }
        } else {
            require(method in StartMethods.ALL) { "cannot find context for '$method': the start methods are ${StartMethods.ALL}" }
        }
    }

    /**
     * Where the workers of pools and executors made with this context run, for a backend outside the core;
     * `null` (the core's contexts): threads of this JVM, or worker JVMs on `"spawn"`. Asked once per pool or
     * executor. For backends, not for applications.
     *
     * ```kotlin
     * override fun workerPlaces(): WorkerPlaces = MemberPlaces(instance)
     * ```
     */
    @CoprocessingSpi
    protected open fun workerPlaces(): WorkerPlaces? = null

    /**
     * The start method of this context: `"coroutine"` or `"spawn"` (or a backend's own, as `"hazelcast"`).
     *
     * ```kotlin
     * println(getContext("spawn").getStartMethod()) // spawn
     * ```
     */
    public fun getStartMethod(): String = method

    /** Whether processes of this context are worker JVMs. */
    internal val spawns: Boolean get() = method == StartMethods.SPAWN

    /** What starts this context's processes in other JVMs, or `null` when they are coroutines. */
    internal val spawner: SpawnProcesses? by lazy { if (spawns) SpawnProcesses(jvmOptions) else null }

    override fun toString(): String =
        "<${javaClass.simpleName} start method '$method'" + (if (jvmOptions.isEmpty()) "" else " jvm options $jvmOptions") + ">"

    internal companion object {
        /** Whether processes made with [context] (`null`: the current start method) are worker JVMs. */
        fun spawns(context: BaseContext?): Boolean = context?.spawns ?: (StartMethods.effective() == StartMethods.SPAWN)

        /**
         * The backend for worker processes of a pool or executor made with [context]: the places a backend's
         * context supplies, worker JVMs on `"spawn"`, `null` (threads of this JVM) otherwise.
         */
        @OptIn(CoprocessingSpi::class)
        fun processBackend(context: BaseContext?): ((Process) -> WorkerBackend)? {
            context?.workerPlaces()?.let { places -> return { creator -> PlaceWorkers(creator, places) } }
            return if (spawns(context)) ({ creator -> JvmWorkers(creator, context?.jvmOptions ?: emptyList()) }) else null
        }
    }
}

/** The start methods, and the one new processes use when no context chose. */
internal object StartMethods {
    const val COROUTINE = "coroutine"
    const val SPAWN = "spawn"
    val ALL: List<String> = listOf(COROUTINE, SPAWN)

    @Volatile private var chosen: String? = null
    private val lock = Any()

    /** The start method set by [set], or `null` while none was. */
    fun chosen(): String? = chosen

    /** What new processes use: the one [set] chose, or `"coroutine"`. */
    fun effective(): String = chosen ?: COROUTINE

    /** CPython's `set_start_method`: once, unless [force]. */
    fun set(method: String?, force: Boolean) = synchronized(lock) {
        require(method == null || method in ALL) { "cannot find context for '$method': the start methods are $ALL" }
        check(chosen == null || force || chosen == method) {
            "context has already been set (to '$chosen'): pass force = true to change it"
        }
        chosen = method
        StartMethodDefault.spawner = if (method == SPAWN) SpawnProcesses(emptyList()) else null
    }
}
