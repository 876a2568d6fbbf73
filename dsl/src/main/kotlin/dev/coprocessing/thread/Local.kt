@file:JvmName("Threading")
@file:JvmMultifileClass

package dev.coprocessing.thread

/**
 * Data that each thread sees its own copy of, as CPython's `threading.local`: a thread that sets [value] sees
 * what it set, every other thread keeps its own. Made by [local]. The copy belongs to the JVM thread, so
 * coroutines that share a thread share it (as asyncio tasks share a `threading.local`), and one coroutine may
 * see several copies as it moves between threads: coroutine state belongs in the coroutine context.
 *
 * ```kotlin
 * val request = local<String>()
 * Thread { request.value = "alice"; println(request.value) }.start()   // alice
 * println(request.value)                                               // null: this thread never set it
 * ```
 */
public class Local<T> internal constructor(initial: (() -> T)?) {
    private val values: ThreadLocal<T> = if (initial == null) ThreadLocal() else ThreadLocal.withInitial(initial)

    /**
     * This thread's value: what it last set, otherwise the initial value ([local] with `initial`, computed once
     * per thread on first read) or `null`.
     *
     * ```kotlin
     * counter.value = counter.value + 1
     * ```
     */
    @Suppress("UNCHECKED_CAST")
    public var value: T
        get() = values.get()
        set(value) = values.set(value)

    /**
     * Forgets this thread's value, as Python's `del mydata.attr`: afterwards [value] reads `null` again for
     * [local] without an initial value, and for `local(initial)` the next read calls `initial()` again, as a
     * fresh thread's first read does. Other threads keep their values. Removing a value never set does nothing.
     *
     * ```kotlin
     * val user = local<String>()
     * user.value = "alice"
     * user.remove()
     * println(user.value)   // null
     * ```
     * ```java
     * user.remove();
     * ```
     */
    public fun remove() {
        values.remove()
    }

    /** `<Local at 0x...>`, as CPython's repr names its objects. */
    override fun toString(): String = "<Local at 0x${Integer.toHexString(System.identityHashCode(this))}>"
}

/**
 * Thread-local data with no initial value: each thread reads `null` until it sets its own, as attributes of a
 * `threading.local()` are missing until set.
 *
 * ```kotlin
 * val user = local<String>()
 * user.value = "alice"
 * ```
 * ```java
 * Local<String> user = Threading.local();
 * ```
 */
public fun <T> local(): Local<T?> = Local(null)

/**
 * Thread-local data that starts, in each thread, from [initial] (called once per thread, on its first read),
 * as a `threading.local` subclass's `__init__` does.
 *
 * ```kotlin
 * val counter = local { 0 }
 * counter.value += 1
 * ```
 * ```java
 * Local<Integer> counter = Threading.local(() -> 0);
 * ```
 */
public fun <T> local(initial: () -> T): Local<T> = Local(initial)
