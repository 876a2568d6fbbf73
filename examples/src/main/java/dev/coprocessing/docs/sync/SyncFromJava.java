package dev.coprocessing.docs.sync;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.process.Process;
import dev.coprocessing.sync.Barrier;
import dev.coprocessing.sync.Condition;
import dev.coprocessing.sync.Semaphore;

/** The Java blocks of docs/sync.md, each run in the main process, one after another. */
public class SyncFromJava {
    private static int items = 0;

    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            semaphore();
            condition();
            barrier();
        });
    }

    private static void sing() {
        System.out.println("singing");
    }

    private static void semaphore() throws InterruptedException {
        // doc:start docs/sync.md
        Semaphore rooms = new Semaphore(4);
        try (var held = rooms.hold()) { sing(); }
        // doc:end
    }

    /** The consumer below waits for an item: this producer, started first, brings it. */
    private static void condition() throws InterruptedException {
        Condition cond = new Condition();
        Process producer = new Process(() -> {
            try (var held = cond.hold()) {
                items++;
                cond.notifyOne();
            }
        });
        producer.start();
        // doc:start docs/sync.md
        try (var held = cond.hold()) {
            cond.waitFor(() -> items > 0);
        }
        try (var held = cond.hold()) {
            cond.notifyOne();
        }
        // doc:end
        producer.join();
        System.out.println("items: " + items);
    }

    private static void work(int index) {
        System.out.println("party " + index + " goes on");
    }

    private static void barrier() throws InterruptedException {
        // doc:start docs/sync.md
        Barrier start = new Barrier(3, () -> System.out.println("all three ready"));
        for (int i = 0; i < 3; i++) {
            new Process(() -> { int index = start.await(); work(index); }).start();
        }
        // doc:end
    }
}
