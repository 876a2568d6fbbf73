package dev.coprocessing.thread

import java.lang.management.ManagementFactory
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import javax.management.ObjectName

/**
 * The operating system's id of a JVM thread, which the JDK does not expose: Linux names the calling thread's
 * own entry `/proc/thread-self` (a link to `<pid>/task/<tid>`), and for another thread the JVM's thread dump
 * (the `Thread.print` diagnostic command, what `jstack` shows) gives each thread's `nid`. Both are read only
 * when asked for. `null` where neither works.
 */
internal object NativeIds {
    private val threadSelf: Path = Paths.get("/proc/thread-self")

    /** Each dump line reads `"name" #<java id> ... nid=<hex 0x.. or decimal>`. */
    private val dumpLine = Regex("""^".*" #(\d+)\b.*?\bnid=(0x[0-9a-fA-F]+|\d+)""")

    fun ofCurrentThread(): Long? = try {
        Files.readSymbolicLink(threadSelf).fileName.toString().toLong()
    } catch (e: Exception) {
        null
    }

    fun of(thread: java.lang.Thread): Long? {
        val dump = try {
            ManagementFactory.getPlatformMBeanServer().invoke(
                ObjectName("com.sun.management:type=DiagnosticCommand"),
                "threadPrint",
                arrayOf<Any>(arrayOf<String>()),
                arrayOf(Array<String>::class.java.name),
            ) as? String
        } catch (e: Exception) {
            null
        } ?: return null
        val id = thread.id.toString()
        for (line in dump.lineSequence()) {
            val match = dumpLine.find(line) ?: continue
            if (match.groupValues[1] != id) continue
            val nid = match.groupValues[2]
            return if (nid.startsWith("0x")) nid.substring(2).toLongOrNull(16) else nid.toLongOrNull()
        }
        return null
    }
}
