package dev.coprocessing.sync

import kotlin.coroutines.Continuation
import kotlin.coroutines.EmptyCoroutineContext
import kotlin.coroutines.startCoroutine
import kotlin.time.Duration.Companion.days
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * Tells code that runs *for* its caller (the body of `coroutineScope`, `supervisorScope`, `withContext`,
 * `withTimeout`, which the caller waits for) from a coroutine that runs *beside* it (`launch`, `async`).
 *
 * The rule: a job is scoped code when its class is one of those that those public functions were seen to
 * create, observed once by calling them ([observed]), never looked up by name. Its premise, that no launched
 * coroutine shares a class with scoped code, is checked at the same time; if a version of kotlinx.coroutines
 * ever breaks it, [distinguishable] is `false`, nothing counts as scoped, and a lock fails loudly where the
 * owner can no longer be known ([Holder.checkOwnerKnown]) instead of guessing.
 */
internal class ScopedCode(private val scoped: Set<Class<*>>, launched: Set<Class<*>>) {
    /** Whether scoped code can be told from launched coroutines at all. */
    val distinguishable: Boolean = scoped.isNotEmpty() && scoped.none { it in launched }

    fun isScoped(job: Job): Boolean = distinguishable && job.javaClass in scoped

    /** The coroutine [job] acts for: itself, or for scoped code the nearest enclosing coroutine that is not. */
    @OptIn(ExperimentalCoroutinesApi::class)
    fun ownerOf(job: Job): Job {
        var owner = job
        while (isScoped(owner)) owner = owner.parent ?: break
        return owner
    }

    companion object {
        /** What this JVM's kotlinx.coroutines does, observed on first use. */
        val observed: ScopedCode by lazy { observe() }

        /**
         * Runs each scoping function once on this thread, with nothing to dispatch to, so every body runs at
         * once; a probe that suspends anyway leaves the sets empty, which reads as "not distinguishable".
         */
        private fun observe(): ScopedCode {
            val scoped = HashSet<Class<*>>()
            val launched = HashSet<Class<*>>()
            var finished = false
            val probe: suspend () -> Unit = {
                coroutineScope { scoped += coroutineContext.job.javaClass }
                supervisorScope { scoped += coroutineContext.job.javaClass }
                withTimeout(1.days) { scoped += coroutineContext.job.javaClass }
                withContext(CoroutineName("probe")) { scoped += coroutineContext.job.javaClass }
                withContext(Dispatchers.Unconfined) { scoped += coroutineContext.job.javaClass }
                val outside = CoroutineScope(Dispatchers.Unconfined)
                outside.launch { launched += coroutineContext.job.javaClass }
                outside.async { launched += coroutineContext.job.javaClass }
                launched += outside.launch(start = CoroutineStart.LAZY) { }.also { it.cancel() }.javaClass
                launched += outside.async(start = CoroutineStart.LAZY) { }.also { it.cancel() }.javaClass
            }
            probe.startCoroutine(Continuation(EmptyCoroutineContext) { finished = it.isSuccess })
            return if (finished) ScopedCode(scoped, launched) else ScopedCode(emptySet(), emptySet())
        }
    }
}
