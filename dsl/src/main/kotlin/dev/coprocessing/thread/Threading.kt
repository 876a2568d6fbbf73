@file:JvmName("Threading")
@file:JvmMultifileClass

package dev.coprocessing.thread

/**
 * The [Thread] the caller runs on, as CPython's `threading.current_thread()`: the [Thread] this library
 * started, [mainThread] on the thread that ran `main`, and for any other JVM thread (one of
 * `Dispatchers.Default`, of an executor, of `Process` or `Pool` workers) a dummy thread, CPython's
 * `_DummyThread`: named `Dummy-N`, alive while its JVM thread is, listed by [enumerate], never joinable.
 * Coroutine code sees the JVM thread it runs on right now, which may change at each suspension: the
 * body of `runMultiprocessing { }` runs on a `Dispatchers.Default` thread, a dummy thread here. Never blocks.
 *
 * ```kotlin
 * Thread { println(currentThread().name) }.start()   // Thread-1
 * ```
 */
public fun currentThread(): Thread = Threads.currentThread()

/**
 * The thread that ran the program's `main`, as CPython's `threading.main_thread()`: named `MainThread`, not a
 * daemon, alive until `main` returns. (`runMultiprocessing { }` blocks it while the block runs elsewhere.)
 *
 * ```kotlin
 * println(mainThread())   // <_MainThread(MainThread, started 1)>
 * ```
 */
public fun mainThread(): Thread = Threads.main

/**
 * The number of threads alive now, the size of [enumerate], as CPython's `threading.active_count()`.
 *
 * ```kotlin
 * repeat(10) { Thread { java.lang.Thread.sleep(100) }.start() }
 * println(activeCount())   // at least 10
 * ```
 */
public fun activeCount(): Int = Threads.enumerate().size

/**
 * Every thread alive now, as CPython's `threading.enumerate()`: the main thread (while it runs), the threads
 * this library started, `ThreadPool` workers included, in the order they started, and the dummy threads
 * made by [currentThread]. Threads not yet started and threads that have ended are left out.
 *
 * ```kotlin
 * enumerate().forEach { println(it.name) }
 * ```
 */
public fun enumerate(): List<Thread> = Threads.enumerate()

/**
 * The calling thread's identifier, its JVM thread id, as CPython's `threading.get_ident()`; equal to
 * `currentThread().ident`.
 *
 * ```kotlin
 * println(getIdent())
 * ```
 */
public fun getIdent(): Long = java.lang.Thread.currentThread().id

/**
 * The operating system's id of the calling thread (Linux's TID), as CPython's `threading.get_native_id()`;
 * `null` on a virtual thread or where the OS id cannot be read.
 *
 * ```kotlin
 * println(getNativeId())
 * ```
 */
public fun getNativeId(): Long? = currentThread().nativeId
