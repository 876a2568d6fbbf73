package dev.coprocessing.examples.sync;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.process.Process;
import dev.coprocessing.sync.Held;
import dev.coprocessing.sync.Lock;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Seed 001 from Java, "with a lock": five workers share one {@code Lock}; each holds it around its two prints
 * with try-with-resources, so the lock is released however the block ends, as Python's {@code with lock:}.
 * Watch: every "running" line is followed by the same worker's "done" line; which worker goes first is up to
 * the scheduler.
 */
public class LockFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            Lock lock = new Lock();
            for (int i = 0; i < 5; i++) {
                int n = i;
                new Process(() -> {
                    try (Held held = lock.hold()) {    // acquire() now, release() when the block ends
                        System.out.println(n + ": " + Coprocessing.currentProcess().getPid() + " is running");
                        Coprocessing.sleep(ThreadLocalRandom.current().nextDouble(0.05, 0.3));
                        System.out.println(n + ":" + Coprocessing.currentProcess().getPid() + " is done");
                    }
                }).start();
            }
        });   // the main process joins its children here
    }
}
