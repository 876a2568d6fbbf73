package dev.coprocessing.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.CancelledError;
import dev.coprocessing.Coprocessing;
import dev.coprocessing.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.Pair;
import org.junit.jupiter.api.Test;

/** The pool as Java sees it: constructors with overloads, blocking calls under CPython's names, an Iterator imap. */
class PoolTest {
    private static final Duration BOUND = Duration.ofSeconds(30);

    /** Runs body with a fresh pool, then closes and joins it, as CPython's `with` plus `close()`/`join()` would. */
    private static void withPool(int processes, PoolBody body) {
        assertTimeoutPreemptively(BOUND, () -> {
            Pool pool = new Pool(processes);
            try {
                body.run(pool);
            } finally {
                pool.terminate();
                pool.join();
            }
        });
    }

    interface PoolBody {
        void run(Pool pool) throws Exception;
    }

    @Test
    void applyAndApplyAsync() {
        withPool(2, pool -> {
            assertEquals(42, pool.apply(() -> 6 * 7));
            AsyncResult<Integer> r = pool.applyAsync(() -> 6 * 7);
            assertEquals(42, r.get());
            assertTrue(r.ready());
            assertTrue(r.successful());
            assertEquals(2, pool.getProcesses());
        });
    }

    @Test
    void applyAsyncThenCloseJoinGet() {
        assertTimeoutPreemptively(BOUND, () -> {
            Pool pool = new Pool(3);
            List<AsyncResult<Integer>> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                results.add(pool.applyAsync(() -> n * n));
            }
            pool.close();
            pool.join();
            for (int i = 0; i < 10; i++) assertEquals(i * i, results.get(i).get());
        });
    }

    @Test
    void callbacksRunInTheResultHandler() {
        withPool(2, pool -> {
            CompletableFuture<String> where = new CompletableFuture<>();
            AsyncResult<Integer> r = pool.applyAsync(v -> where.complete(Thread.currentThread().getName() + " got " + v), () -> 10 * 10);
            assertEquals(100, r.get());
            assertTrue(where.isDone(), "the callback ran before get() returned");
            assertTrue(where.get().matches("Pool-\\d+-result-handler.* got 100"), where.get());

            CompletableFuture<Throwable> failed = new CompletableFuture<>();
            IllegalStateException boom = new IllegalStateException("boom");
            AsyncResult<Integer> bad = pool.applyAsync(v -> { }, failed::complete, () -> { throw boom; });
            assertSame(boom, assertThrows(IllegalStateException.class, bad::get));
            assertSame(boom, failed.get(10, TimeUnit.SECONDS));
            assertFalse(bad.successful());
        });
    }

    @Test
    void mapStarmapAndMapAsync() {
        withPool(4, pool -> {
            assertEquals(List.of(1, 4, 9), pool.map(List.of(1, 2, 3), x -> x * x));
            assertEquals(List.of(0, 2, 4, 6), pool.map(List.of(0, 1, 2, 3), 2, x -> x * 2));
            List<Long> progress = new CopyOnWriteArrayList<>();
            assertEquals(List.of(2, 3), pool.map(List.of(1, 2), (done, total) -> progress.add(done), x -> x + 1));
            assertEquals(2L, progress.get(progress.size() - 1));
            assertEquals(List.of(3, 7), pool.starmap(List.of(new Pair<>(1, 2), new Pair<>(3, 4)), Integer::sum));
            assertEquals(List.of(2, 12), pool.starmapAsync(List.of(new Pair<>(1, 2), new Pair<>(3, 4)), (a, b) -> a * b).get());
            CompletableFuture<List<Integer>> whole = new CompletableFuture<>();
            AsyncResult<List<Integer>> r = pool.mapAsync(List.of(1, 2, 3), whole::complete, x -> -x);
            assertEquals(List.of(-1, -2, -3), r.get(Duration.ofSeconds(10)));
            assertEquals(List.of(-1, -2, -3), whole.get(10, TimeUnit.SECONDS));
        });
    }

    @Test
    void imapIsAnIteratorInInputOrder() {
        withPool(2, pool -> {
            Iterator<Integer> it = pool.imap(List.of(1, 2, 3, 4, 5), 2, x -> x * x);
            List<Integer> out = new ArrayList<>();
            while (it.hasNext()) out.add(it.next());
            assertEquals(List.of(1, 4, 9, 16, 25), out);
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);

            Set<Integer> unordered = new HashSet<>();
            pool.imapUnordered(List.of(1, 2, 3), x -> x * 10).forEachRemaining(unordered::add);
            assertEquals(Set.of(10, 20, 30), unordered);
        });
    }

    @Test
    void imapThrowsAtTheFailingItemAndGoesOn() {
        withPool(1, pool -> {
            Iterator<Integer> it = pool.imap(List.of(1, 2, 3), x -> {
                if (x == 2) throw new IllegalArgumentException("two");
                return x;
            });
            assertEquals(1, it.next());
            assertEquals("two", assertThrows(IllegalArgumentException.class, it::next).getMessage());
            assertEquals(3, it.next());
            assertFalse(it.hasNext());
        });
    }

    @Test
    void imapCanBeReadAfterCloseAndJoin() {
        assertTimeoutPreemptively(BOUND, () -> {
            Pool pool = new Pool(2);
            Iterator<Integer> it = pool.imap(List.of(1, 2, 3), x -> x + 1);
            pool.close();
            pool.join();
            List<Integer> out = new ArrayList<>();
            it.forEachRemaining(out::add);
            assertEquals(List.of(2, 3, 4), out);
        });
    }

    @Test
    void initializerAndMaxtasksperchild() {
        assertTimeoutPreemptively(BOUND, () -> {
            Set<String> initialized = java.util.Collections.synchronizedSet(new HashSet<>());
            List<String> servedBy = new CopyOnWriteArrayList<>();
            Pool pool = new Pool(2, () -> initialized.add(Coprocessing.currentProcess().getName()), 2);
            for (int i = 0; i < 8; i++) pool.apply(() -> servedBy.add(Coprocessing.currentProcess().getName()));
            pool.close();
            pool.join();
            for (String name : servedBy) {
                assertTrue(name.matches("SpawnPoolWorker-\\d+"), name);
                assertTrue(initialized.contains(name), "every worker ran the initializer first: " + name);
                assertTrue(servedBy.stream().filter(name::equals).count() <= 2, "no worker runs more than 2 tasks");
            }
        });
    }

    @Test
    void timeoutsAndWaits() {
        withPool(1, pool -> {
            CountDownLatch gate = new CountDownLatch(1);
            AsyncResult<String> r = pool.applyAsync(() -> {
                gate.await();
                return "late";
            });
            assertThrows(TimeoutError.class, () -> r.get(0.05));
            assertThrows(TimeoutError.class, () -> r.get(Duration.ofMillis(50)));
            r.await(0.01);
            r.await(Duration.ofMillis(10));
            assertFalse(r.ready());
            assertThrows(IllegalStateException.class, r::successful);
            assertThrows(IllegalArgumentException.class, () -> r.get(-1.0));
            gate.countDown();
            r.await();
            assertEquals("late", r.get());
        });
    }

    @Test
    void terminateInterruptsBlockingTasks() {
        assertTimeoutPreemptively(BOUND, () -> {
            Pool pool = new Pool(1);
            CountDownLatch started = new CountDownLatch(1);
            AtomicInteger interrupted = new AtomicInteger();
            AsyncResult<Object> r = pool.applyAsync(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    throw e;
                }
                return null;
            });
            assertTrue(started.await(10, TimeUnit.SECONDS));
            pool.terminate();
            assertThrows(CancelledError.class, r::get);
            pool.join();
            assertEquals(1, interrupted.get());
        });
    }

    @Test
    void badInput() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pool(0)).getMessage()
            .startsWith("Number of processes must be at least 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Pool(2, 0)).getMessage()
            .startsWith("maxtasksperchild must be a positive int or None"));
        assertTimeoutPreemptively(BOUND, () -> {
            Pool pool = new Pool(1);
            assertTrue(assertThrows(IllegalStateException.class, pool::join).getMessage().startsWith("Pool is still running"));
            assertThrows(IllegalArgumentException.class, () -> pool.map(List.of(1), 0, x -> x));
            pool.close();
            assertTrue(assertThrows(IllegalStateException.class, () -> pool.apply(() -> 1)).getMessage().startsWith("Pool not running"));
            assertThrows(IllegalStateException.class, () -> pool.applyAsync(() -> 1));
            assertThrows(IllegalStateException.class, () -> pool.imap(List.of(1), x -> x));
            pool.join();
        });
    }
}
