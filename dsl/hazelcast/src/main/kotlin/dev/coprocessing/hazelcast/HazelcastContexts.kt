@file:JvmName("HazelcastContexts")

package dev.coprocessing.hazelcast

import com.hazelcast.cluster.Member
import com.hazelcast.config.Config
import com.hazelcast.core.Hazelcast

/**
 * Starts an embedded Hazelcast member and returns a context that owns it: closing the context (or `use { }`)
 * shuts the member down, so nothing outlives the scope. By default the member listens on 127.0.0.1 only and
 * joins members of cluster [clusterName] found by TCP-IP on [members] (no multicast, no auto-detection, no
 * phone-home, Hazelcast's logging off): a program runs alone, and several of these in one JVM or on one machine
 * form one cluster. To run across machines, give the other machines' addresses in [members] and the
 * interface to listen on in [interfaceAddress], or build a `Config` and use `HazelcastContext(instance)`.
 *
 * Hazelcast's logging is off: this sets the system property `hazelcast.logging.type` to `none` unless it is set
 * already (Hazelcast reads it before any config). It blocks while the member starts (about 2–3 s for the first
 * member of a JVM, well under one for the next).
 *
 * ```kotlin
 * hazelcastContext(clusterName = "demo").use { a ->
 *     hazelcastContext(clusterName = "demo").use { b ->
 *         println(a.members().size) // 2
 *     }
 * }
 * ```
 * ```java
 * try (HazelcastContext ctx = HazelcastContexts.hazelcastContext("demo")) { ... }
 * ```
 */
@JvmOverloads
public fun hazelcastContext(
    clusterName: String = "coprocessing",
    members: List<String> = listOf("127.0.0.1"),
    port: Int = 5701,
    interfaceAddress: String = "127.0.0.1",
    retries: Int = 0,
): HazelcastContext {
    // Hazelcast logs its first warnings (the JVM options it would like) before it reads a member's config:
    // logging is off for them too, unless the application chose a logging type itself.
    if (System.getProperty(LOGGING_TYPE) == null) System.setProperty(LOGGING_TYPE, "none")
    return HazelcastContext.owning(Hazelcast.newHazelcastInstance(memberConfig(clusterName, members, port, interfaceAddress)), retries)
}

private const val LOGGING_TYPE = "hazelcast.logging.type"

/**
 * The `Config` [hazelcastContext] starts its member with, to adjust before starting a member yourself.
 *
 * ```kotlin
 * val config = memberConfig("demo").apply { networkConfig.port = 6000 }
 * val ctx = HazelcastContext(Hazelcast.newHazelcastInstance(config))
 * ```
 */
@JvmOverloads
public fun memberConfig(
    clusterName: String = "coprocessing",
    members: List<String> = listOf("127.0.0.1"),
    port: Int = 5701,
    interfaceAddress: String = "127.0.0.1",
): Config = Config().apply {
    this.clusterName = clusterName
    setProperty(LOGGING_TYPE, "none")
    setProperty("hazelcast.phone.home.enabled", "false")
    // Nobody to wait for by default: a lone member is up as soon as it has looked at the addresses it was given.
    setProperty("hazelcast.wait.seconds.before.join", "0")
    // The embedded member ends with its context, never with a JVM shutdown hook racing the scope's own end.
    setProperty("hazelcast.shutdownhook.enabled", "false")
    networkConfig.port = port
    networkConfig.isPortAutoIncrement = true
    networkConfig.interfaces.isEnabled = true
    networkConfig.interfaces.addInterface(interfaceAddress)
    networkConfig.join.multicastConfig.isEnabled = false
    networkConfig.join.autoDetectionConfig.isEnabled = false
    networkConfig.join.tcpIpConfig.isEnabled = true
    members.forEach { networkConfig.join.tcpIpConfig.addMember(it) }
}

/**
 * The member running the calling task, when called from a task, process target or initializer that a
 * [HazelcastContext] sent to a member; `null` elsewhere.
 *
 * ```kotlin
 * val where = ctx.Pool(4).map(1..8) { currentMember()?.address.toString() }
 * ```
 */
public fun currentMember(): Member? = OnMember.instance()?.cluster?.localMember
