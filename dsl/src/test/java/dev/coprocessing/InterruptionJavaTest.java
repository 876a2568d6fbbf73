package dev.coprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.futures.Future;
import dev.coprocessing.futures.ThreadPoolExecutor;
import dev.coprocessing.pipe.Connection;
import dev.coprocessing.pipe.Pipes;
import dev.coprocessing.pool.AsyncResult;
import dev.coprocessing.pool.Pool;
import dev.coprocessing.queue.JoinableQueue;
import dev.coprocessing.queue.Queue;
import dev.coprocessing.sync.Barrier;
import dev.coprocessing.sync.Condition;
import dev.coprocessing.sync.Event;
import dev.coprocessing.sync.Held;
import dev.coprocessing.sync.Lock;
import dev.coprocessing.sync.Semaphore;
import java.io.EOFException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The blocking view declares {@code InterruptedException}, so Java code handles an interrupt as it does for
 * {@code BlockingQueue.take()}. Each call below sits in a {@code try} whose {@code catch (InterruptedException e)}
 * compiles only because the call declares it; each test then interrupts a thread blocked in that call and
 * checks that the exception arrives, that it clears the interrupt status, and that the call left nothing
 * behind (no item taken, no lock or permit held).
 */
class InterruptionJavaTest {

    /** What a blocked call's thread saw when it was interrupted. */
    private record Interrupted(InterruptedException error, boolean stillFlagged) {}

    private static Interrupted caught(InterruptedException e) {
        return new Interrupted(e, Thread.currentThread().isInterrupted());
    }

    /**
     * Runs [call] on a thread of its own, waits until that thread blocks, interrupts it, and checks that
     * [call] ended with {@code InterruptedException}. Fails, naming [what], if the call returns without
     * blocking or does not end within 20 s of the interrupt.
     */
    private static void interruptWhileBlocked(String what, Supplier<Object> call) {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    outcome.complete(call.get());
                } catch (Throwable e) {
                    outcome.complete(e);
                }
            }, "blocked in " + what);
            thread.start();
            while (!outcome.isDone() && thread.getState() != Thread.State.WAITING
                    && thread.getState() != Thread.State.TIMED_WAITING) {
                Thread.onSpinWait();
            }
            assertFalse(outcome.isDone(), () -> what + " returned without blocking: " + outcome.getNow(null));
            thread.interrupt();
            Object result = outcome.get();
            thread.join();
            Interrupted interrupted = assertInstanceOf(Interrupted.class, result,
                    () -> what + " did not end with InterruptedException when interrupted: " + result);
            assertFalse(interrupted.stillFlagged(), what + ": the InterruptedException should clear the interrupt status");
        }, () -> what + " was still blocked 20 s after its thread was interrupted");
    }

    @Test
    void queueGetAndPut() throws InterruptedException {
        Queue<String> empty = new Queue<>();
        interruptWhileBlocked("Queue.get()", () -> {
            try {
                return empty.get();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        empty.put("next");
        assertEquals("next", empty.get(1.0), "the interrupted get() must not have taken the next item");

        Queue<String> full = new Queue<>(1);
        full.put("first");
        interruptWhileBlocked("Queue.put(item)", () -> {
            try {
                full.put("second");
                return "put";
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        assertEquals(1, full.qsize(), "the interrupted put() must not have enqueued its item");
        assertEquals("first", full.get());
    }

    @Test
    void joinableQueueJoin() throws InterruptedException {
        JoinableQueue<String> q = new JoinableQueue<>();
        q.put("task");
        interruptWhileBlocked("JoinableQueue.join()", () -> {
            try {
                q.join();
                return "joined";
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        assertEquals("task", q.get());
        q.taskDone();
        q.join();
    }

    @Test
    void lockAcquireAndHold() throws InterruptedException {
        Lock lock = new Lock();
        assertTrue(lock.acquire());
        interruptWhileBlocked("Lock.acquire()", () -> {
            try {
                return lock.acquire();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        interruptWhileBlocked("Lock.hold()", () -> {
            try (Held held = lock.hold()) {
                return "held";
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        lock.release();
        assertFalse(lock.locked(), "an interrupted waiter must not end up holding the lock");
    }

    @Test
    void semaphoreAcquire() throws InterruptedException {
        Semaphore none = new Semaphore(0);
        interruptWhileBlocked("Semaphore.acquire()", () -> {
            try {
                return none.acquire();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        none.release();
        assertEquals(1, none.getValue(), "an interrupted waiter must not take the permit released after it");
    }

    @Test
    void eventAwait() throws InterruptedException {
        Event event = new Event();
        interruptWhileBlocked("Event.await()", () -> {
            try {
                return event.await();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        event.set();
        assertTrue(event.await(1.0));
    }

    @Test
    void conditionAwaitTakesTheLockBackBeforeThrowing() throws InterruptedException {
        Condition cond = new Condition();
        interruptWhileBlocked("Condition.await()", () -> {
            try (Held held = cond.hold()) {
                return cond.await();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        assertTrue(cond.acquire(false), "the interrupted waiter must have released the condition's lock");
        cond.release();
    }

    @Test
    void barrierAwaitBreaksTheBarrier() {
        Barrier barrier = new Barrier(2);
        interruptWhileBlocked("Barrier.await()", () -> {
            try {
                return barrier.await();
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        assertTrue(barrier.isBroken(), "an interrupted waiter breaks the barrier, as in java.util.concurrent.CyclicBarrier");
    }

    @Test
    void connectionRecv() throws Exception {
        var ends = Pipes.<String>Pipe();
        Connection<String> left = ends.getFirst();
        Connection<String> right = ends.getSecond();
        interruptWhileBlocked("Connection.recv()", () -> {
            try {
                return right.recv();
            } catch (EOFException e) {
                return e;
            } catch (InterruptedException e) {
                return caught(e);
            }
        });
        left.send("ping");
        assertEquals("ping", right.recv());
        left.close();
    }

    @Test
    void futureResultAndExecutorShutdown() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        try (ThreadPoolExecutor ex = new ThreadPoolExecutor(1)) {
            Future<Integer> f = ex.submit(() -> release.await(20, TimeUnit.SECONDS) ? 42 : -1);
            interruptWhileBlocked("Future.result()", () -> {
                try {
                    return f.result();
                } catch (InterruptedException e) {
                    return caught(e);
                }
            });
            assertFalse(f.done(), "interrupting the caller of result() leaves the task running");
            interruptWhileBlocked("Executor.shutdown()", () -> {
                try {
                    ex.shutdown();
                    return "shut down";
                } catch (InterruptedException e) {
                    return caught(e);
                }
            });
            assertThrows(IllegalStateException.class, () -> ex.submit(() -> 0), "the shutdown itself stands");
            release.countDown();
            assertEquals(42, f.result(20.0));
        }
    }

    @Test
    void asyncResultGetAndPoolJoin() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Pool pool = new Pool(1);
        try {
            AsyncResult<Integer> r = pool.applyAsync(() -> release.await(20, TimeUnit.SECONDS) ? 42 : -1);
            interruptWhileBlocked("AsyncResult.get()", () -> {
                try {
                    return r.get();
                } catch (InterruptedException e) {
                    return caught(e);
                }
            });
            pool.close();
            interruptWhileBlocked("Pool.join()", () -> {
                try {
                    pool.join();
                    return "joined";
                } catch (InterruptedException e) {
                    return caught(e);
                }
            });
            release.countDown();
            assertEquals(42, r.get(20.0));
        } finally {
            release.countDown();
            pool.terminate();
            pool.join();
        }
    }
}
