package dev.coprocessing.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** asExecutorService() keeps java.util.concurrent.ExecutorService's contract. */
class ExecutorServiceViewTest {

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(20, TimeUnit.SECONDS), "timed out waiting for a task");
    }

    @Test
    void submitAndGet() throws Exception {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(2);
        ExecutorService service = ex.asExecutorService();
        assertEquals(42, service.submit(() -> 6 * 7).get(20, TimeUnit.SECONDS));
        java.util.concurrent.Future<?> failing = service.submit((Callable<Integer>) () -> { throw new IllegalStateException("x"); });
        ExecutionException e = assertThrows(ExecutionException.class, () -> failing.get(20, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        service.shutdown();
        assertTrue(service.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(service.isTerminated());
    }

    @Test
    void shutdownRejectsAndAwaitTerminationWaits() throws Exception {
        ProcessPoolExecutor ex = new ProcessPoolExecutor(1);
        ExecutorService service = ex.asExecutorService();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        service.execute(() -> {
            started.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        await(started);
        service.shutdown();
        assertTrue(service.isShutdown());
        assertFalse(service.isTerminated());
        assertThrows(RejectedExecutionException.class, () -> service.execute(() -> { }));
        assertThrows(IllegalStateException.class, () -> ex.submit(() -> 1));  // one executor, two views
        assertFalse(service.awaitTermination(50, TimeUnit.MILLISECONDS));
        release.countDown();
        assertTrue(service.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(service.isTerminated());
    }

    @Test
    void shutdownNowInterruptsRunningTasksAndReturnsThoseNeverRun() throws Exception {
        ThreadPoolExecutor ex = new ThreadPoolExecutor(1);
        ExecutorService service = ex.asExecutorService();
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        service.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        });
        await(started);
        Runnable never = () -> { };
        service.execute(never);
        List<Runnable> notRun = service.shutdownNow();
        assertEquals(List.of(never), notRun);
        assertTrue(service.awaitTermination(20, TimeUnit.SECONDS));
        assertTrue(interrupted.get());
    }

    @Test
    void cancelTrueInterruptsTheTask() throws Exception {
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1)) {
            ExecutorService service = ex.asExecutorService();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch interrupted = new CountDownLatch(1);
            java.util.concurrent.Future<?> f = service.submit(() -> {
                started.countDown();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    interrupted.countDown();
                }
            });
            await(started);
            assertTrue(f.cancel(true));
            await(interrupted);
            assertThrows(CancellationException.class, f::get);
            assertEquals(7, service.submit(() -> 7).get(20, TimeUnit.SECONDS));  // the worker goes on
        }
    }

    @Test
    void invokeAllAndInvokeAny() throws Exception {
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(3)) {
            ExecutorService service = ex.asExecutorService();
            List<Callable<Integer>> tasks = List.of(() -> 1, () -> 2, () -> 3);
            List<java.util.concurrent.Future<Integer>> all = service.invokeAll(tasks);
            int sum = 0;
            for (java.util.concurrent.Future<Integer> f : all) {
                assertTrue(f.isDone());
                sum += f.get();
            }
            assertEquals(6, sum);
            int any = service.invokeAny(List.of(() -> { throw new IllegalStateException("no"); }, () -> 5));
            assertEquals(5, any);
            assertThrows(ExecutionException.class,
                () -> service.invokeAny(List.<Callable<Integer>>of(() -> { throw new IllegalStateException("none"); })));
            List<java.util.concurrent.Future<Integer>> timed = service.invokeAll(tasks, 20, TimeUnit.SECONDS);
            assertEquals(3, timed.size());
        }
    }
}
