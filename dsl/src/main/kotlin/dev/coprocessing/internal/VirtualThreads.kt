package dev.coprocessing.internal

import java.lang.reflect.Method

/**
 * `Thread.ofVirtual()`, reached by reflection: the library is compiled for JDK 17, where it does not exist,
 * and runs on newer JDKs, where it does.
 */
internal object VirtualThreads {
    private val ofVirtual: Method?
    private val name: Method?
    private val unstarted: Method?

    init {
        var found: Triple<Method, Method, Method>? = null
        try {
            val builder = Class.forName("java.lang.Thread\$Builder")
            found = Triple(
                Thread::class.java.getMethod("ofVirtual"),
                builder.getMethod("name", String::class.java),
                builder.getMethod("unstarted", Runnable::class.java),
            )
        } catch (_: ReflectiveOperationException) {
            // JDK 17-20: no virtual threads; workers use platform threads.
        }
        ofVirtual = found?.first
        name = found?.second
        unstarted = found?.third
    }

    /** Whether this JVM can make virtual threads. */
    val available: Boolean get() = ofVirtual != null

    fun unstarted(threadName: String, body: Runnable): Thread {
        val builder = name!!.invoke(ofVirtual!!.invoke(null), threadName)
        return unstarted!!.invoke(builder, body) as Thread
    }

    /** Whether [thread] is virtual (always `false` before JDK 21). */
    fun isVirtual(thread: Thread): Boolean = isVirtualMethod?.invoke(thread) as Boolean? ?: false

    private val isVirtualMethod: Method? = try {
        Thread::class.java.getMethod("isVirtual")
    } catch (_: NoSuchMethodException) {
        null
    }
}
