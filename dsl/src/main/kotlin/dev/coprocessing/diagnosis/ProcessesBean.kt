package dev.coprocessing.diagnosis

import dev.coprocessing.internal.Waits
import java.lang.management.ManagementFactory
import java.util.concurrent.atomic.AtomicBoolean
import javax.management.InstanceAlreadyExistsException
import javax.management.ObjectName
import javax.management.StandardMBean

/**
 * What JMX (jconsole, VisualVM, `jcmd`) shows under `dev.coprocessing:type=Processes`: the process dump of every
 * main process, the deadlocks, and the switch.
 */
internal interface ProcessesMBean {
    /** [dumpProcesses] for every main process. */
    val dump: String

    /** [detectDeadlocks] for every main process, one chain each. */
    val deadlocks: Array<String>

    /** [isDiagnosisEnabled]; setting it is [enableDiagnosis] or [disableDiagnosis]. */
    var enabled: Boolean
}

/** The MBean, registered on the platform MBean server the first time diagnosis turns on, and kept. */
internal object ProcessesBean : ProcessesMBean {
    const val NAME: String = "dev.coprocessing:type=Processes"

    private val registered = AtomicBoolean(false)

    override val dump: String get() = ProcessDump.render(ProcessDump.allRoots())

    override val deadlocks: Array<String> get() = WaitGraph.now().cycles().map { it.cycle.toString() }.toTypedArray()

    override var enabled: Boolean
        get() = Waits.enabled
        set(value) = if (value) enableDiagnosis() else disableDiagnosis()

    /** Registers the MBean once; a JVM without JMX, or one where another copy of the library registered it, goes without. */
    fun register() {
        if (!registered.compareAndSet(false, true)) return
        try {
            ManagementFactory.getPlatformMBeanServer()
                .registerMBean(StandardMBean(this, ProcessesMBean::class.java), ObjectName(NAME))
        } catch (e: InstanceAlreadyExistsException) {
            // Another class loader's copy of the library got there first: its bean shows its own processes.
        } catch (e: LinkageError) {
            // No java.management module in this runtime.
        }
    }
}
