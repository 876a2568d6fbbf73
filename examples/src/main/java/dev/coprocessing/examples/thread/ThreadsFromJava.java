package dev.coprocessing.examples.thread;

import dev.coprocessing.sync.Held;
import dev.coprocessing.sync.Lock;
import dev.coprocessing.thread.ExceptHookArgs;
import dev.coprocessing.thread.Local;
import dev.coprocessing.thread.Thread;
import dev.coprocessing.thread.Threading;
import dev.coprocessing.thread.Timer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Seed 003's threading from Java. Three buyers, a subclass of {@code Thread} overriding {@code run()}, are started
 * and then joined; ten lambda threads take one from a shared {@code n} under a {@code Lock} (threads share memory,
 * and the JVM has no GIL, so the lock is needed); a thread finds itself in {@code enumerate()}; a
 * {@code Threading.local()} value is each thread's own, and {@code remove()} forgets it; an {@code excepthook}
 * collects what a thread threw; a {@code Timer} fires once. Watch: the buyers finish in any order, "n = 0", and
 * each thread sees only its own local value.
 */
public class ThreadsFromJava {
    /** Seed 003's class-based thread: its work is in run(), which may throw checked exceptions. */
    static final class Buyer extends Thread {
        private final String fruit;

        Buyer(String fruit) {
            super("buyer-" + fruit);
            this.fruit = fruit;
        }

        @Override
        public void run() throws InterruptedException {
            java.lang.Thread.sleep(50);   // shopping
            System.out.println(getName() + " bought " + fruit);
        }
    }

    private static int n = 10;

    public static void main(String[] args) throws Exception {
        List<Buyer> buyers = List.of(new Buyer("apple"), new Buyer("pear"), new Buyer("plum"));
        for (Buyer b : buyers) b.start();
        for (Buyer b : buyers) b.join();
        System.out.println("every buyer is back");

        Lock lock = new Lock();
        List<Thread> takers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread t = new Thread(() -> {
                try (Held held = lock.hold()) {   // with lock: n -= 1, with a pause between read and write
                    int seen = n;
                    java.lang.Thread.sleep(1);
                    n = seen - 1;
                }
            });
            t.start();
            takers.add(t);
        }
        for (Thread t : takers) t.join();
        System.out.println("n = " + n);

        Thread watcher = new Thread("watcher", () -> {
            Thread me = Threading.currentThread();
            System.out.println(me.getName() + " is listed: " + Threading.enumerate().contains(me));
        });
        watcher.start();
        watcher.join();
        System.out.println("after join, watcher is listed: " + Threading.enumerate().contains(watcher));

        Local<String> user = Threading.local();
        user.setValue("main's user");
        Thread alice = new Thread("alice", () -> {
            user.setValue("alice");
            System.out.println("alice sees " + user.getValue());
        });
        alice.start();
        alice.join();
        Thread bob = new Thread("bob", () -> System.out.println("bob sees " + user.getValue()));
        bob.start();
        bob.join();
        System.out.println("main sees " + user.getValue());
        user.remove();                                // Python's del mydata.user
        System.out.println("after remove(), main sees " + user.getValue());

        List<String> failures = new CopyOnWriteArrayList<>();
        Consumer<ExceptHookArgs> previous = Threading.getExcepthook();
        Threading.setExcepthook(failure -> failures.add(failure.getThread().getName() + ": " + failure.getExcValue()));
        try {
            Thread doomed = new Thread("doomed", () -> { throw new IOException("disk full"); });
            doomed.start();
            doomed.join();
        } finally {
            Threading.setExcepthook(previous);       // put the printing default back
        }
        System.out.println("excepthook got " + failures);

        Timer reminder = new Timer(0.05, () -> System.out.println("time is up"));
        reminder.start();
        reminder.join();
    }
}
