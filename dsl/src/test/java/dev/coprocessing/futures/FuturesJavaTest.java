package dev.coprocessing.futures;

import static dev.coprocessing.futures.ReturnWhen.FIRST_COMPLETED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.BrokenExecutor;
import dev.coprocessing.CancelledError;
import dev.coprocessing.TimeoutError;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The Java view of executors and futures: blocking twins under Python's names, Iterators, overloads. */
class FuturesJavaTest {

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(20, TimeUnit.SECONDS), "timed out waiting for a task");
    }

    @Test
    void submitResultAndTryWithResources() throws InterruptedException {
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(2)) {
            Future<Integer> f = ex.submit(() -> 6 * 7);
            assertEquals(42, f.result());
            assertEquals(42, f.result(Duration.ofSeconds(5)));
            assertEquals(42, f.result(5.0));
            assertTrue(f.done());
            assertFalse(f.running());
            assertFalse(f.cancelled());
            assertNull(f.exception());
            Future<Void> nothing = ex.submit(() -> { });
            assertNull(nothing.result());
            assertEquals(2, ex.getMaxWorkers());
        }
    }

    @Test
    void exceptionsAndCancellation() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1, "java")) {
            Future<String> held = ex.submit(() -> {
                started.countDown();
                release.await(20, TimeUnit.SECONDS);
                return "held";
            });
            await(started);
            Future<Integer> pending = ex.submit(() -> 1);
            assertThrows(TimeoutError.class, () -> pending.result(0.01));
            assertThrows(TimeoutError.class, () -> pending.exception(Duration.ofMillis(10)));
            assertFalse(held.cancel());
            assertTrue(pending.cancel());
            assertThrows(CancelledError.class, pending::result);
            release.countDown();
            assertEquals("held", held.result());

            IllegalStateException boom = new IllegalStateException("boom");
            Future<Integer> failing = ex.submit(() -> { throw boom; });
            assertSame(boom, failing.exception());
            assertSame(boom, assertThrows(IllegalStateException.class, failing::result));
            // A checked exception is rethrown as it was thrown.
            Future<Integer> io = ex.submit(() -> { throw new java.io.IOException("io"); });
            Exception e = assertThrows(Exception.class, io::result);
            assertInstanceOf(java.io.IOException.class, e);
        }
    }

    @Test
    void badInput() throws InterruptedException {
        assertThrows(IllegalArgumentException.class, () -> new ThreadPoolExecutor(0));
        assertThrows(IllegalArgumentException.class, () -> new ProcessPoolExecutor(-1));
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
        ex.shutdown();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ex.submit(() -> 1));
        assertTrue(e.getMessage().startsWith("cannot schedule new futures after shutdown"));
        try (ThreadPoolExecutor other = new ThreadPoolExecutor(1)) {
            Future<Integer> f = other.submit(() -> 1);
            assertThrows(IllegalArgumentException.class, () -> f.result(-1.0));
            assertThrows(IllegalArgumentException.class, () -> f.result(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void doneCallbacksAreConsumers() throws InterruptedException {
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(2)) {
            Future<Integer> f = ex.submit(() -> 5);
            f.addDoneCallback(done -> {
                try {
                    seen.add("callback " + done.result()); // done: result() returns at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            f.result();
        }
        assertEquals(List.of("callback 5"), seen);
    }

    @Test
    void mapIsAnIteratorInOrder() throws InterruptedException {
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(3)) {
            List<Integer> squares = new ArrayList<>();
            Iterator<Integer> it = ex.map(List.of(0, 1, 2, 3, 4), x -> x * x);
            it.forEachRemaining(squares::add);
            assertEquals(List.of(0, 1, 4, 9, 16), squares);

            List<Integer> chunked = new ArrayList<>();
            ex.map(List.of(1, 2, 3, 4, 5), null, 2, 1, null, (Integer x) -> x + 1).forEachRemaining(chunked::add);
            assertEquals(List.of(2, 3, 4, 5, 6), chunked);

            Iterator<Integer> failing = ex.map(List.of(1, 0, 2), Duration.ofSeconds(20), x -> 10 / x);
            assertEquals(10, failing.next());
            assertThrows(ArithmeticException.class, failing::next);
            assertFalse(failing.hasNext());
        }
    }

    @Test
    void waitAndAsCompletedFromTheFacade() throws InterruptedException {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(2)) {
            List<Future<Integer>> futures = List.of(ex.submit(() -> 1), ex.submit(() -> 2));
            DoneAndNotDone<Integer> all = Futures.wait(futures);
            assertEquals(2, all.getDone().size());
            assertTrue(all.getNotDone().isEmpty());
            DoneAndNotDone<Integer> first = Futures.wait(futures, FIRST_COMPLETED);
            assertFalse(first.getDone().isEmpty());
            assertEquals(2, Futures.wait(futures, 5.0).getDone().size());
            assertEquals(2, Futures.wait(futures, Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED).getDone().size());

            int total = 0;
            for (Iterator<Future<Integer>> it = Futures.asCompleted(futures); it.hasNext(); ) {
                total += it.next().result();
            }
            assertEquals(3, total);
            assertTrue(Futures.asCompleted(futures, 5.0).hasNext());
        }
    }

    @Test
    void brokenByAFailingInitializer() throws InterruptedException {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1, "broken", () -> { throw new IllegalStateException("no"); });
        try {
            Future<Integer> f = ex.submit(() -> 1);
            assertThrows(BrokenExecutor.class, () -> f.result(20.0));
            assertThrows(BrokenExecutor.class, () -> ex.submit(() -> 2));
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void asCompletableFuture() throws Exception {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1)) {
            CompletableFuture<Integer> cf = ex.submit(() -> 6 * 7).asCompletableFuture();
            assertEquals(43, cf.thenApply(x -> x + 1).get(20, TimeUnit.SECONDS));
        }
    }
}
