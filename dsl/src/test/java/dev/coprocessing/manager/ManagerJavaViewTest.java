package dev.coprocessing.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.KeyError;
import dev.coprocessing.pool.Pool;
import dev.coprocessing.queue.Empty;
import dev.coprocessing.sync.AbstractLock;
import dev.coprocessing.sync.RLock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A manager and its proxies as Java code sees them: blocking calls under Python's names, plain JDK types. */
class ManagerJavaViewTest {

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
    void dictIsAMapAndCountsExactlyUnderItsLockOrWithUpdate() throws InterruptedException {
        try (Manager manager = new Manager()) {
            DictProxy<String, Integer> d = manager.dict(Map.of("count", 0, "atomic", 0));
            AbstractLock lock = manager.Lock();
            runThreads(4, () -> {
                for (int i = 0; i < 250; i++) {
                    try (var held = lock.hold()) {
                        d.put("count", d.get("count") + 1);
                    }
                    d.update("atomic", n -> n + 1);
                }
            });
            assertEquals(1000, d.get("count"));
            assertEquals(1000, d.getValue("atomic"));
            Map<String, Integer> plain = new HashMap<>(d);
            assertEquals(Map.of("count", 1000, "atomic", 1000), plain);
            assertEquals(2, d.len());
            assertEquals(java.util.Set.of("count", "atomic"), new java.util.HashSet<>(d.keys()));
            assertEquals(List.of(1000, 1000), d.valueList());
            assertEquals(5, d.update("hits", 4, n -> n + 1));
            assertEquals(5, d.pop("hits"));
            assertEquals(-1, d.pop("hits", -1));
            KeyError missing = assertThrows(KeyError.class, () -> d.getValue("gone"));
            assertEquals("gone", missing.getKey());
            assertInstanceOf(java.util.NoSuchElementException.class, missing);
            assertEquals(0, d.merge("zero", 0, Integer::sum));
            d.computeIfAbsent("computed", k -> k.length());
            assertEquals(8, d.get("computed"));
        }
    }

    @Test
    void listIsAListAndPythonsMethodsAreThere() {
        try (Manager manager = new Manager()) {
            ListProxy<Integer> l = manager.list(List.of(3, 1, 2));
            l.append(0);
            l.extend(List.of(9));
            l.sort();
            assertEquals(List.of(0, 1, 2, 3, 9), l);
            l.sort(true);
            assertEquals(9, l.get(0));
            l.sort(null);
            assertEquals(List.of(0, 1, 2, 3, 9), l.copy());
            l.insert(0, -1);
            assertEquals(-1, l.pop(0));
            assertEquals(9, l.pop());
            assertEquals(2, l.index(2));
            assertEquals(1, l.count(3));
            l.update(0, n -> n + 100);
            assertEquals(100, l.get(0));
            l.reverse();
            assertEquals(List.of(3, 2, 1, 100), new ArrayList<>(l));
            assertThrows(IndexOutOfBoundsException.class, () -> l.get(4));
            assertThrows(IllegalArgumentException.class, () -> l.index(42));
        }
    }

    @Test
    void namespaceValueAndArray() {
        try (Manager manager = new Manager()) {
            NamespaceProxy ns = manager.Namespace();
            ns.set("x", 1);
            assertEquals(1, ns.get("x"));
            ns.update("x", x -> (Integer) x + 1);
            assertEquals(2, ns.get("x"));
            assertTrue(ns.contains("x"));
            ns.delete("x");
            assertThrows(KeyError.class, () -> ns.get("x"));

            SharedValue<Integer> v = manager.Value(5);
            v.setValue(v.getValue() + 1);
            assertEquals(7, v.update(n -> n + 1));
            assertInstanceOf(LockProxy.class, v.getLock());
            assertThrows(IllegalStateException.class, () -> manager.Value(1, false).getLock());

            SharedArray<Integer> a = manager.Array(3);
            a.set(1, 5);
            assertEquals(List.of(0, 5, 0), a.toList());
            assertEquals(3, a.getSize());
            assertThrows(IllegalArgumentException.class, () -> manager.Array(-1));
        }
    }

    @Test
    void topLevelSharedCtypesThroughTheFacade() {
        SharedValue<Integer> counter = Managers.Value(0);
        assertInstanceOf(RLock.class, counter.getLock());
        SharedValue<String> raw = Managers.RawValue("x");
        assertThrows(IllegalStateException.class, raw::getLock);
        SharedArray<Integer> zeros = Managers.Array(4);
        assertEquals(List.of(0, 0, 0, 0), zeros.toList());
        SharedArray<String> items = Managers.Array(List.of("a", "b"));
        assertEquals("b", items.get(1));
        assertEquals(List.of(0.5, 0.5), Managers.RawArray(2, 0.5).toList());
        assertThrows(IllegalArgumentException.class, () -> Managers.Array(-1));
    }

    @Test
    void managedPrimitivesAndQueuesWithTheirJavaNames() throws InterruptedException {
        try (Manager manager = new Manager()) {
            EventProxy event = manager.Event();
            assertFalse(event.await(0.01));
            event.set();
            assertTrue(event.await(Duration.ofSeconds(1)));

            SemaphoreProxy rooms = manager.Semaphore(2);
            try (var held = rooms.hold()) {
                assertEquals(1, rooms.getValue());
            }
            assertThrows(IllegalStateException.class, () -> manager.BoundedSemaphore(1).release());

            ConditionProxy ready = manager.Condition();
            try (var held = ready.hold()) {
                ready.notifyOne();
                ready.notifyAllWaiters();
                assertFalse(ready.await(0.01));
                assertTrue(ready.waitFor(() -> true));
            }

            BarrierProxy meeting = manager.Barrier(2, Duration.ofSeconds(10), () -> { });
            Map<Integer, Boolean> arrived = new ConcurrentHashMap<>();
            runThreads(2, () -> arrived.put(meeting.await(), true));
            assertEquals(2, arrived.size());
            assertFalse(meeting.isBroken());

            QueueProxy<String> q = manager.Queue(1);
            q.put("spam");
            assertTrue(q.full());
            assertEquals("spam", q.get(Duration.ofSeconds(1)));
            assertThrows(Empty.class, () -> q.get(false));
            assertThrows(Empty.class, () -> q.get(0.01));
            QueueProxy<Integer> jobs = manager.JoinableQueue();
            jobs.put(1);
            jobs.get();
            jobs.taskDone();
            jobs.join();

            Pool pool = manager.Pool(2);
            assertEquals(42, pool.apply(() -> 6 * 7));
        }
    }

    @Test
    void afterShutdownProxiesFailAndTheFacadeFormShutsDown() throws InterruptedException {
        Manager manager = new Manager();
        DictProxy<String, Integer> d = manager.dict();
        LockProxy lock = manager.Lock();
        manager.shutdown();
        assertTrue(manager.isShutdown());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> d.get("x"));
        assertTrue(e.getMessage().startsWith("Manager has shut down"), e.getMessage());
        assertThrows(IllegalStateException.class, lock::acquire);
        assertThrows(IllegalStateException.class, manager::dict);

        int left = Managers.manager(m -> m.dict(Map.of("count", 100)).update("count", n -> n - 1));
        assertEquals(99, left);
    }

    @Test
    void jsonSnapshotsRoundTrip() {
        String json;
        try (Manager manager = new Manager()) {
            manager.dict(Map.of("count", 5), "counts");
            json = manager.saveJson();
        }
        try (Manager manager = new Manager()) {
            manager.loadJson(json);
            DictProxy<String, Integer> counts = manager.dict(Map.of(), "counts");
            assertEquals(5, counts.get("count"));
            assertNull(counts.get("nothing"));
            assertThrows(IllegalArgumentException.class, () -> manager.loadJson("{broken"));
            assertEquals(5, counts.get("count"));
        }
    }
}
