package dev.coprocessing.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The synchronization primitives as Java code sees them: blocking calls under Python's names. */
class SyncJavaViewTest {

    /** A thread's body that may call the blocking view, which declares {@code InterruptedException}. */
    private interface Body {
        void run() throws Exception;
    }

    /** Starts [n] threads running [body] and joins them, failing if one is still running after 10 s. */
    private static void runThreads(int n, Body body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(() -> {
                try {
                    body.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(10_000);
            assertFalse(t.isAlive(), "a thread did not finish within 10 s");
        }
        if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
    }

    @Test
    void lockWithTryWithResourcesKeepsOneThreadInside() throws InterruptedException {
        Lock lock = new Lock();
        AtomicInteger inside = new AtomicInteger();
        int[] counter = {0};
        runThreads(4, () -> {
            for (int i = 0; i < 200; i++) {
                try (var held = lock.hold()) {
                    assertEquals(1, inside.incrementAndGet());
                    counter[0]++;
                    inside.decrementAndGet();
                }
            }
        });
        assertEquals(800, counter[0]);
        assertFalse(lock.locked());
        assertEquals("<Lock(owner=None)>", lock.toString());
    }

    @Test
    void lockAcquireOverloadsAndMessages() throws InterruptedException {
        Lock lock = new Lock();
        assertTrue(lock.acquire());
        assertFalse(lock.acquire(false));
        assertFalse(lock.acquire(Duration.ofMillis(10)));
        assertFalse(lock.acquire(0.01));
        assertFalse(lock.acquire(true, 0.01));
        IllegalStateException again = assertThrows(IllegalStateException.class, lock::acquire);
        assertTrue(again.getMessage().contains("RLock"), again.getMessage());
        lock.release();
        IllegalStateException twice = assertThrows(IllegalStateException.class, lock::release);
        assertTrue(twice.getMessage().startsWith("semaphore or lock released too many times"));
        IllegalArgumentException noTimeout = assertThrows(IllegalArgumentException.class, () -> lock.acquire(false, 1.0));
        assertTrue(noTimeout.getMessage().startsWith("can't specify timeout for non-blocking acquire"));
        assertThrows(IllegalArgumentException.class, () -> lock.acquire(-1.0));
        // block = false with any timeout, zero included, is refused, as CPython refuses acquire(False, 0).
        assertThrows(IllegalArgumentException.class, () -> lock.acquire(false, Duration.ZERO));
    }

    @Test
    void rlockReentersOnTheSameThreadAndRefusesOthers() throws InterruptedException {
        RLock lock = new RLock();
        assertTrue(lock.acquire());
        try (var held = lock.hold()) {
            assertEquals("<RLock(MainProcess, 2)>", lock.toString());
        }
        boolean[] otherGotIt = {true};
        runThreads(1, () -> otherGotIt[0] = lock.acquire(0.02));
        assertFalse(otherGotIt[0]);
        String[] message = {null};
        runThreads(1, () -> message[0] = assertThrows(IllegalStateException.class, lock::release).getMessage());
        assertTrue(message[0].startsWith("cannot release un-acquired lock"), message[0]);
        lock.release();
        assertFalse(lock.locked());
    }

    @Test
    void semaphoreAndBoundedSemaphore() throws InterruptedException {
        Semaphore rooms = new Semaphore(4);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        runThreads(6, () -> {
            for (int i = 0; i < 50; i++) {
                try (var held = rooms.hold()) {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    inside.decrementAndGet();
                }
            }
        });
        assertTrue(most.get() <= 4);
        assertEquals(4, rooms.getValue());
        assertEquals("<Semaphore(value=4)>", rooms.toString());
        rooms.release();
        rooms.release(2);
        assertEquals(7, rooms.getValue());
        assertEquals(1, new Semaphore().getValue());

        BoundedSemaphore bounded = new BoundedSemaphore(2);
        assertTrue(bounded.acquire(Duration.ofSeconds(1)));
        assertEquals("<BoundedSemaphore(value=1, maxvalue=2)>", bounded.toString());
        bounded.release();
        IllegalStateException over = assertThrows(IllegalStateException.class, bounded::release);
        assertTrue(over.getMessage().startsWith("Semaphore released too many times"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertTrue(negative.getMessage().startsWith("semaphore initial value must be >= 0"));
    }

    @Test
    void eventAwaitWakesEveryThread() throws InterruptedException {
        Event green = new Event();
        assertFalse(green.isSet());
        assertFalse(green.await(0.01));
        assertFalse(green.await(Duration.ofMillis(10)));
        CountDownLatch waiting = new CountDownLatch(3);
        AtomicInteger passed = new AtomicInteger();
        Thread setter = new Thread(() -> {
            try {
                assertTrue(waiting.await(10, TimeUnit.SECONDS));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            green.set();
        });
        setter.start();
        runThreads(3, () -> {
            waiting.countDown();
            if (green.await()) passed.incrementAndGet();
        });
        setter.join(10_000);
        assertEquals(3, passed.get());
        assertTrue(green.toString().endsWith(": set>"));
        green.clear();
        assertFalse(green.isSet());
    }

    @Test
    void conditionAwaitNotifyAndWaitFor() throws InterruptedException {
        Condition cond = new Condition();
        assertEquals("<Condition(<RLock(None, 0)>, 0)>", cond.toString());
        int[] items = {0};
        CountDownLatch consumersReady = new CountDownLatch(2);
        Thread producer = new Thread(() -> {
            try {
                assertTrue(consumersReady.await(10, TimeUnit.SECONDS));
                for (int i = 0; i < 2; i++) {
                    try (var held = cond.hold()) {
                        items[0]++;
                        cond.notifyOne();
                    }
                }
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        producer.start();
        runThreads(2, () -> {
            try (var held = cond.hold()) {
                consumersReady.countDown();
                assertTrue(cond.waitFor(Duration.ofSeconds(10), () -> items[0] > 0));
                items[0]--;
            }
        });
        producer.join(10_000);
        assertEquals(0, items[0]);

        try (var held = cond.hold()) {
            assertFalse(cond.await(0.01));
            assertFalse(cond.await(Duration.ofMillis(10)));
            assertFalse(cond.waitFor(0.01, () -> false));
            cond.notifyOne(3);
            cond.notifyAllWaiters();
        }
        IllegalStateException notHeld = assertThrows(IllegalStateException.class, cond::await);
        assertTrue(notHeld.getMessage().startsWith("cannot wait on un-acquired lock"));
        IllegalStateException notifyNotHeld = assertThrows(IllegalStateException.class, cond::notifyOne);
        assertTrue(notifyNotHeld.getMessage().startsWith("cannot notify on un-acquired lock"));
        Condition onLock = new Condition(new Lock());
        assertTrue(onLock.toString().startsWith("<Condition(<Lock(owner=None)>"));
    }

    @Test
    void barrierAwaitHandsOutIndicesAndRunsTheAction() throws InterruptedException {
        AtomicInteger actions = new AtomicInteger();
        Barrier barrier = new Barrier(3, Duration.ofSeconds(10), actions::incrementAndGet);
        List<Integer> indices = Collections.synchronizedList(new ArrayList<>());
        runThreads(3, () -> indices.add(barrier.await()));
        Collections.sort(indices);
        assertEquals(List.of(0, 1, 2), indices);
        assertEquals(1, actions.get());
        assertEquals(3, barrier.getParties());
        assertEquals(0, barrier.getNWaiting());
        assertFalse(barrier.isBroken());

        Barrier lonely = new Barrier(2);
        assertThrows(BrokenBarrierError.class, () -> lonely.await(0.01));
        assertTrue(lonely.isBroken());
        lonely.reset();
        assertFalse(lonely.isBroken());
        lonely.abort();
        assertThrows(BrokenBarrierError.class, () -> lonely.await(Duration.ofSeconds(1)));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertTrue(none.getMessage().startsWith("parties must be >= 1"));
        assertEquals(2, new Barrier(2, () -> { }).getParties());
        assertEquals(2, new Barrier(2, Duration.ofSeconds(1)).getParties());
    }
}
