package dev.coprocessing;

/**
 * Blocking Java code that returns nothing and may throw any exception, checked ones included: the target of a
 * {@link dev.coprocessing.process.Process} or the body of {@code Coprocessing.runMultiprocessing}. Unlike a
 * {@link Runnable}, its body may call the library's blocking methods, which declare
 * {@link InterruptedException}, without a try/catch, just as Python code calls {@code q.get()}. What it throws
 * is the process's failure (exit code 1), as an exception from a suspend target is.
 *
 * <pre>{@code
 * Process worker = new Process(() -> System.out.println(q.get()));
 * }</pre>
 *
 * <p>It is serializable, so that a lambda for it crosses to a worker JVM on the {@code "spawn"} start method when
 * what it captures is serializable.
 *
 * <p>It is a Java interface so that Kotlin code, which passes suspend lambdas, never resolves to it by mistake.
 */
@FunctionalInterface
public interface ThrowingRunnable extends java.io.Serializable {
    /**
     * Runs the code; any exception it throws ends it.
     *
     * @throws Exception whatever the code throws
     */
    void run() throws Exception;
}
