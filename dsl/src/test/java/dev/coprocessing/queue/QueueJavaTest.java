package dev.coprocessing.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The queues as Java sees them: constructors, the blocking view under the Python names, exceptions. */
class QueueJavaTest {

    @Test
    void putAndGetInEveryForm() throws Exception {
        Queue<String> q = new Queue<>(2);
        assertEquals(2, q.getMaxsize());
        q.put("a");
        q.put("b", Duration.ofSeconds(1));
        assertTrue(q.full());
        assertThrows(Full.class, () -> q.put("c", false));
        assertThrows(Full.class, () -> q.put("c", 0.01));
        assertThrows(Full.class, () -> q.put("c", Duration.ofMillis(10)));
        assertThrows(Full.class, () -> q.put("c", true, 0.01));
        assertThrows(Full.class, () -> q.put("c", true, Duration.ofMillis(10)));
        assertThrows(Full.class, () -> q.putNowait("c"));
        assertEquals(2, q.qsize());
        assertEquals("a", q.get());
        assertEquals("b", q.get(1.0));
        assertTrue(q.empty());
        assertThrows(Empty.class, () -> q.get(false));
        assertThrows(Empty.class, () -> q.get(0.01));
        assertThrows(Empty.class, () -> q.get(Duration.ofMillis(10)));
        assertThrows(Empty.class, () -> q.get(true, 0.01));
        assertThrows(Empty.class, () -> q.get(true, Duration.ofMillis(10)));
        assertThrows(Empty.class, q::getNowait);
        q.put("c", true);
        q.put("d", true, 1.0);
        assertEquals("c", q.get(true));
        q.put("e", true, Duration.ofSeconds(1));
        assertEquals("d", q.get(true, 1.0));
        assertEquals("e", q.get(true, Duration.ofSeconds(1)));
    }

    @Test
    void nullIsAnItem() throws InterruptedException {
        Queue<String> q = new Queue<>();
        q.put(null);
        assertEquals(1, q.qsize());
        assertEquals(null, q.get());
    }

    @Test
    void aBlockedGetIsServedByAnotherThread() throws Exception {
        Queue<Integer> q = new Queue<>();
        CompletableFuture<Integer> got = CompletableFuture.supplyAsync(() -> {
            try {
                return q.get();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while waiting for the item", e);
            }
        });
        q.put(42);
        assertEquals(42, got.get(10, TimeUnit.SECONDS));
    }

    @Test
    void negativeTimeoutsAreRefused() {
        Queue<Integer> q = new Queue<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.get(-1.0));
        assertTrue(e.getMessage().startsWith("'timeout' must be a non-negative number"));
        assertThrows(IllegalArgumentException.class, () -> q.put(1, Duration.ofSeconds(-1)));
    }

    @Test
    void closeAndShutdown() throws InterruptedException {
        Queue<Integer> q = new Queue<>();
        q.shutdown();
        assertTrue(q.isShutdown());
        assertThrows(ShutDown.class, () -> q.put(1));
        assertThrows(ShutDown.class, q::get);
        q.close();
        q.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.put(1));
        assertEquals("Queue " + q + " is closed", e.getMessage());
        q.joinThread();
        q.cancelJoinThread();
        Queue<Integer> r = new Queue<>();
        r.put(1);
        r.shutdown(true);
        assertEquals(0, r.qsize());
    }

    @Test
    void joinableQueue() throws Exception {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("task");
        Thread worker = new Thread(() -> {
            try {
                q.get();
                q.taskDone();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted while waiting for the task", e);
            }
        });
        worker.start();
        q.join();
        worker.join(10_000);
        assertFalse(worker.isAlive());
        IllegalStateException e = assertThrows(IllegalStateException.class, q::taskDone);
        assertTrue(e.getMessage().startsWith("task_done() called too many times"));
    }

    @Test
    void lifoPriorityAndSimple() throws InterruptedException {
        LifoQueue<Integer> stack = new LifoQueue<>();
        stack.put(1);
        stack.put(2);
        assertEquals(2, stack.get());
        stack.taskDone();

        PriorityQueue<Integer> natural = new PriorityQueue<>();
        natural.put(3);
        natural.put(1);
        assertEquals(1, natural.get());

        PriorityQueue<String> byLength = new PriorityQueue<>(Comparator.comparing(String::length));
        byLength.put("ccc");
        byLength.put("a");
        byLength.put("bb");
        List<String> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) order.add(byLength.get());
        assertEquals(List.of("a", "bb", "ccc"), order);

        PriorityQueue<Integer> naturalOrder = new PriorityQueue<>(Comparator.naturalOrder());
        IllegalArgumentException noNull = assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null));
        assertTrue(noNull.getMessage().startsWith("PriorityQueue cannot order null"), noNull.getMessage());
        assertTrue(naturalOrder.empty());
        naturalOrder.put(2);
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null));
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null, false));
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null, 1.0));
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.put(null, true, 1.0));
        assertThrows(IllegalArgumentException.class, () -> naturalOrder.putNowait(null));
        assertEquals(1, naturalOrder.qsize());
        assertEquals(2, naturalOrder.get());

        PriorityQueue<Object> mixed = new PriorityQueue<>(5);
        assertThrows(IllegalArgumentException.class, () -> mixed.put(new Object()));
        assertTrue(mixed.empty());

        SimpleQueue<String> simple = new SimpleQueue<>();
        simple.put("x");
        simple.putNowait("y");
        assertEquals("x", simple.get());
        assertEquals("y", simple.get(1.0));
        assertThrows(Empty.class, () -> simple.get(false));
        assertThrows(Empty.class, simple::getNowait);
    }
}
