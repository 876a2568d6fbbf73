package dev.coprocessing.internal

import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeoutOrNull

/** CPython's message for a negative wait, kept verbatim because users search for it. */
internal const val NEGATIVE_TIMEOUT: String = "'timeout' must be a non-negative number"

/** Fails fast on a negative timeout: a negative wait is a bug, never a poll. `null` waits forever. */
internal fun checkTimeout(timeout: Duration?) {
    require(timeout == null || !timeout.isNegative()) { "$NEGATIVE_TIMEOUT, got $timeout" }
}

/** The Java view's `java.time.Duration` as a checked timeout. */
internal fun java.time.Duration.toTimeout(): Duration {
    require(!isNegative) { "$NEGATIVE_TIMEOUT, got $this" }
    return toKotlinDuration()
}

/** The Java view's `double seconds`, as Python users write timeouts, as a checked timeout. */
internal fun secondsToTimeout(seconds: Double): Duration {
    require(!seconds.isNaN() && seconds >= 0.0) { "$NEGATIVE_TIMEOUT, got $seconds" }
    return seconds.seconds
}

/**
 * Runs [block] with an optional time limit: `null` means no limit. Returns `null` when the time ran out,
 * so [block] should return a non-null value (wrap nullable results) when the caller must tell the two apart.
 */
internal suspend fun <T : Any> withOptionalTimeout(timeout: Duration?, block: suspend CoroutineScope.() -> T): T? {
    checkTimeout(timeout)
    return if (timeout == null) coroutineScope(block) else withTimeoutOrNull(timeout, block)
}
