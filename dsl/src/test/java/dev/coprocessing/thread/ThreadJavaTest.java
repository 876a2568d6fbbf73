package dev.coprocessing.thread;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.pool.ThreadPool;
import dev.coprocessing.queue.Queue;
import dev.coprocessing.sync.RLock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The thread package as Java code sees it: constructors with lambdas, a subclass overriding run(), the Threading facade. */
class ThreadJavaTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Seed 003's class-based thread: work in run(), which may call the blocking view directly. */
    static final class Worker extends Thread {
        private final Queue<String> jobs;
        private final List<String> log;

        Worker(String name, Queue<String> jobs, List<String> log) {
            super(name);
            this.jobs = jobs;
            this.log = log;
        }

        @Override
        public void run() throws InterruptedException {
            for (String job; !(job = jobs.get()).equals("stop"); ) {
                log.add(getName() + " did " + job + " on " + Threading.currentThread().getName());
            }
        }
    }

    @Test
    void aJavaSubclassOverridesRun() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Queue<String> jobs = new Queue<>();
            List<String> log = new CopyOnWriteArrayList<>();
            Worker w = new Worker("w1", jobs, log);
            assertNull(w.getIdent());
            w.start();
            jobs.put("a");
            jobs.put("b");
            jobs.put("stop");
            w.join();
            assertEquals(List.of("w1 did a on w1", "w1 did b on w1"), log);
            assertFalse(w.isAlive());
            assertNotNull(w.getIdent());
            assertTrue(w.toString().startsWith("<Worker(w1, stopped "), w.toString());
        });
    }

    @Test
    void lambdasNamesDaemonAndJoinOverloads() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicInteger calls = new AtomicInteger();
            CountDownLatch release = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                calls.incrementAndGet();   // a value-returning lambda body: no overload ambiguity
                release.await();
            });
            assertTrue(t.getName().matches("Thread-\\d+"), t.getName());
            assertFalse(t.isDaemon());
            t.setDaemon(true);
            t.start();
            assertTrue(t.isDaemon());
            t.join(0.01);
            t.join(Duration.ofMillis(10));
            assertTrue(t.isAlive());
            release.countDown();
            t.join();
            assertEquals(1, calls.get());
            Thread named = new Thread("named", true, () -> { });
            assertEquals("named", named.getName());
            assertTrue(named.isDaemon());
        });
    }

    @Test
    void misuseFailsWithCPythonsMessages() throws InterruptedException {
        Thread t = new Thread(() -> { });
        IllegalStateException early = assertThrows(IllegalStateException.class, t::join);
        assertTrue(early.getMessage().startsWith("cannot join thread before it is started"));
        t.start();
        IllegalStateException twice = assertThrows(IllegalStateException.class, t::start);
        assertEquals("threads can only be started once", twice.getMessage());
        assertThrows(IllegalStateException.class, () -> t.setDaemon(true));
        t.join();
        assertThrows(IllegalArgumentException.class, () -> new Timer(-1.0, () -> { }));
    }

    @Test
    void theThreadingFacade() throws InterruptedException {
        assertEquals("MainThread", Threading.mainThread().getName());
        assertSame(Threading.currentThread(), Threading.currentThread());
        assertEquals(Thread.class.getSimpleName(), "Thread");
        assertEquals(java.lang.Thread.currentThread().getId(), Threading.getIdent());
        assertTrue(Threading.activeCount() >= 1);
        assertTrue(Threading.enumerate().contains(Threading.currentThread()));

        Local<Integer> counter = Threading.local(() -> 0);
        counter.setValue(counter.getValue() + 1);
        AtomicReference<Integer> inThread = new AtomicReference<>();
        Thread t = new Thread(() -> inThread.set(counter.getValue()));
        t.start();
        t.join();
        assertEquals(0, inThread.get());
        assertEquals(1, counter.getValue());
        Local<String> empty = Threading.local();
        assertNull(empty.getValue());

        empty.setValue("set");
        empty.remove();                       // Python's del mydata.attr
        assertNull(empty.getValue());
        counter.remove();
        assertEquals(0, counter.getValue());  // initial() runs again
    }

    @Test
    void excepthookTimerAndThreadPool() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicReference<ExceptHookArgs> got = new AtomicReference<>();
            Consumer<ExceptHookArgs> before = Threading.getExcepthook();
            Threading.setExcepthook(got::set);   // a Consumer: no Kotlin type in sight
            try {
                Thread t = new Thread(() -> { throw new java.io.IOException("disk"); });
                t.start();
                t.join();
                assertEquals(java.io.IOException.class, got.get().getExcType());
                assertSame(t, got.get().getThread());
            } finally {
                Threading.setExcepthook(before);
            }

            CountDownLatch fired = new CountDownLatch(1);
            Timer timer = new Timer(Duration.ofMillis(10), fired::countDown);
            timer.start();
            assertTrue(fired.await(30, TimeUnit.SECONDS));
            timer.join();

            Coprocessing.runMultiprocessing(() -> {
                ThreadPool pool = new ThreadPool(2);
                assertEquals(List.of(1, 4, 9), pool.map(List.of(1, 2, 3), x -> x * x));
                assertEquals("MainProcess", pool.apply(() -> Coprocessing.currentProcess().getName()));
                pool.close();
                pool.join();
            });
        });
    }

    @Test
    void anRLockIsOwnedByTheThreadThatTookIt() {
        assertTimeoutPreemptively(LIMIT, () -> {
            RLock lock = new RLock();
            AtomicReference<Boolean> other = new AtomicReference<>();
            Thread holder = new Thread(() -> {
                lock.acquire();
                lock.acquire();
                Thread t = new Thread(() -> other.set(lock.acquire(false)));
                t.start();
                t.join();
                lock.release();
                lock.release();
            });
            holder.start();
            holder.join();
            assertFalse(other.get());
            assertTrue(lock.acquire(false));
            lock.release();
        });
    }
}
