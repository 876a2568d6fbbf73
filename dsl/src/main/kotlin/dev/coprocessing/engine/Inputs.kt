package dev.coprocessing.engine

/** How the library reads the input of a map: its size when known without reading it, by index when it can. */
internal object Inputs {
    /** The number of items when it is known without reading them (a collection or a progression). */
    fun knownSize(iterable: Iterable<*>): Long? = when (iterable) {
        is Collection<*> -> iterable.size.toLong()
        is IntProgression -> if (iterable.isEmpty()) 0L else (iterable.last.toLong() - iterable.first) / iterable.step + 1
        is LongProgression -> if (iterable.isEmpty()) 0L else (iterable.last - iterable.first) / iterable.step + 1
        else -> null
    }

    /** The input as a list that any worker can read by index, copied only when it must be. */
    @Suppress("UNCHECKED_CAST")
    fun <A> indexed(iterable: Iterable<A>): List<A> = when (iterable) {
        is RandomAccess -> if (iterable is List<*>) iterable as List<A> else iterable.toList()
        is IntProgression -> IntProgressionList(iterable) as List<A>
        else -> iterable.toList()
    }

    /** CPython's default chunk size for a map of [size] items on [workers] workers: about four chunks each. */
    fun defaultChunksize(size: Int, workers: Int): Int {
        if (size == 0) return 1
        val chunks = workers.toLong() * 4
        return ((size + chunks - 1) / chunks).toInt()
    }

    /**
     * Reads the next chunk of at most [chunksize] items from [input]. The list grows as it fills, so a huge
     * [chunksize] on a short input costs what the input holds, not what was asked for. When reading throws,
     * [onError] (if given) gets the exception and the items read before it are returned; otherwise it propagates.
     */
    fun <A> nextChunk(input: Iterator<A>, chunksize: Int, onError: ((Throwable) -> Unit)? = null): ArrayList<A> {
        val items = ArrayList<A>(minOf(chunksize, 1024))
        try {
            while (items.size < chunksize && input.hasNext()) items += input.next()
        } catch (e: Throwable) {
            if (onError == null) throw e
            onError(e)
        }
        return items
    }

    /** An `IntRange` (or any progression) read by index without boxing it all up front. */
    private class IntProgressionList(private val progression: IntProgression) : AbstractList<Int>(), RandomAccess {
        override val size: Int = knownSize(progression)!!.toInt()

        override fun get(index: Int): Int = progression.first + index * progression.step
    }
}
