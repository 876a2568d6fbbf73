package dev.coprocessing

import java.io.PrintStream

/**
 * Told how far a long `map`/`imap`/`imapUnordered` (or an executor's `map`) has got: [update] is called
 * with the number of items done so far and the total when it is known (`null` for a lazy input).
 *
 * Calls come from one place at a time, in increasing order of `done`, and never from a worker; an
 * exception thrown by [update] is reported on stderr and does not disturb the map.
 *
 * ```kotlin
 * pool.map(items, progress = { done, total -> println("$done/$total") }) { work(it) }
 * pool.map(items, progress = Progress.console()) { work(it) }   // a ready-made bar on stderr
 * ```
 */
public fun interface Progress {
    /** [done] items of [total] (`null` when the input's size is not known) have been processed. */
    public fun update(done: Long, total: Long?)

    public companion object {
        /**
         * A console progress bar, redrawn in place on [out] (stderr by default), at most once per percent
         * of a known total, and every [every] items of an unknown one.
         *
         * ```kotlin
         * pool.map(0 until 1_000_000, progress = Progress.console()) { it * it }
         * ```
         */
        @JvmStatic
        @JvmOverloads
        public fun console(label: String = "", out: PrintStream = System.err, every: Long = 1000): Progress =
            ConsoleProgress(label, out, every)
    }
}

private class ConsoleProgress(private val label: String, private val out: PrintStream, private val every: Long) : Progress {
    private var lastPercent = -1L

    override fun update(done: Long, total: Long?) {
        val prefix = if (label.isEmpty()) "" else "$label "
        if (total == null || total <= 0) {
            if (done % every == 0L) out.print("\r$prefix$done done")
            return
        }
        val percent = done * 100 / total
        if (percent == lastPercent && done != total) return
        lastPercent = percent
        val width = 30
        val filled = (done * width / total).toInt()
        out.print("\r$prefix[${"#".repeat(filled)}${" ".repeat(width - filled)}] $percent% ($done/$total)")
        if (done >= total) out.println()
        out.flush()
    }
}
