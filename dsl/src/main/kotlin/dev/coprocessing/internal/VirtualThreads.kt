package dev.coprocessing.internal

import java.lang.reflect.Method
import java.util.concurrent.ThreadFactory

/**
 * `Thread.ofVirtual()`, reached by reflection: the library is compiled for JDK 17, where it does not exist,
 * and runs on newer JDKs, where it does. Reflection runs once: threads come from one shared virtual-thread
 * factory (thread-safe, unlike a builder), so making one costs what the JDK's own call does.
 */
internal object VirtualThreads {
    private val factory: ThreadFactory? = try {
        val builder = Thread::class.java.getMethod("ofVirtual").invoke(null)
        Class.forName("java.lang.Thread\$Builder").getMethod("factory").invoke(builder) as ThreadFactory
    } catch (_: ReflectiveOperationException) {
        null // JDK 17-20: no virtual threads; workers use platform threads.
    }

    /** Whether this JVM can make virtual threads. */
    val available: Boolean get() = factory != null

    /** A new virtual thread named [threadName] that will run [body]; only when [available]. */
    fun unstarted(threadName: String, body: Runnable): Thread = factory!!.newThread(body).also { it.name = threadName }

    /** Whether [thread] is virtual (always `false` before JDK 21). */
    fun isVirtual(thread: Thread): Boolean = isVirtualMethod?.invoke(thread) as Boolean? ?: false

    private val isVirtualMethod: Method? = try {
        Thread::class.java.getMethod("isVirtual")
    } catch (_: NoSuchMethodException) {
        null
    }
}
