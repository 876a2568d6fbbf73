package dev.coprocessing.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.Coprocessing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The process model through the Java view only: blocking twins under the Python names. */
class ProcessJavaTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void startJoinAndInspect() {
        assertTimeoutPreemptively(LIMIT, () -> {
            List<String> seen = new CopyOnWriteArrayList<>();
            Process p = Coprocessing.runMultiprocessing(() -> {
                Process child = new Process(() -> seen.add(Coprocessing.currentProcess().getName()));
                assertNull(child.getPid());
                assertNull(child.getExitCode());
                assertFalse(child.isDaemon());
                child.start();
                child.join();
                assertFalse(child.isAlive());
                assertEquals(0, child.getExitCode());
                assertEquals(Coprocessing.currentProcess().getPid(), child.getPpid());
                return child;
            });
            assertEquals(List.of("Process-1"), seen);
            assertEquals(0, p.getExitCode());
        });
    }

    @Test
    void terminateInterruptsABlockingTarget() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            CountDownLatch running = new CountDownLatch(1);
            Process p = new Process("sleeper", () -> {
                running.countDown();
                Thread.sleep(60_000);
                return null;
            });
            p.start();
            assertTrue(running.await(10, TimeUnit.SECONDS), "the target never started");
            p.terminate();
            p.join(Duration.ofSeconds(10));
            assertFalse(p.isAlive());
            assertEquals(-15, p.getExitCode());
            return null; // a Callable body, so that it may throw checked exceptions
        }));
    }

    @Test
    void killAndJoinWithSecondsTimeout() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            CountDownLatch running = new CountDownLatch(1);
            Process p = new Process(() -> {
                running.countDown();
                Thread.sleep(60_000);
                return null;
            });
            p.setDaemon(true);
            p.start();
            assertTrue(running.await(10, TimeUnit.SECONDS), "the target never started");
            p.join(0.05); // times out, the process is still running
            assertTrue(p.isAlive());
            p.kill();
            p.join();
            assertEquals(-9, p.getExitCode());
            return null;
        }));
    }

    @Test
    void failingTargetGivesExitCodeOneAndKeepsTheException() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Process p = new Process(() -> {
                throw new IllegalStateException("boom");
            });
            p.start();
            p.join();
            assertEquals(1, p.getExitCode());
            assertEquals("boom", p.getException().getMessage());
        }));
    }

    @Test
    void exitSetsTheCode() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Process p = new Process(() -> Coprocessing.exit(7));
            p.start();
            p.join();
            assertEquals(7, p.getExitCode());
        }));
    }

    @Test
    void misuseFailsFastWithCPythonsMessages() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Process p = new Process(() -> { });
            assertEquals("can only join a started process: call start() first",
                assertThrows(IllegalStateException.class, p::join).getMessage());
            p.start();
            assertEquals("cannot start a process twice", assertThrows(IllegalStateException.class, p::start).getMessage());
            assertTrue(assertThrows(IllegalStateException.class, () -> p.setDaemon(true)).getMessage()
                .startsWith("process has already started"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> p.join(Duration.ofSeconds(-1))).getMessage()
                .startsWith("'timeout' must be a non-negative number"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> p.join(-0.5)).getMessage()
                .startsWith("'timeout' must be a non-negative number"));
            p.join();
            p.close();
            assertEquals("process object is closed", assertThrows(IllegalStateException.class, p::isAlive).getMessage());
            assertTrue(assertThrows(IllegalStateException.class, () -> Coprocessing.currentProcess().join()).getMessage()
                .startsWith("can only join a child process"));
        }));
    }

    @Test
    void startOutsideTheMainProcessIsRefused() {
        Process p = new Process(() -> { });
        assertTrue(assertThrows(IllegalStateException.class, p::start).getMessage()
            .startsWith("processes can only be started inside multiprocessing { }"));
    }

    @Test
    void javaSleepIsInterruptibleAndChecksItsArgument() throws InterruptedException {
        assertThrows(IllegalArgumentException.class, () -> Coprocessing.sleep(-1.0));
        Coprocessing.sleep(Duration.ofMillis(1));
        assertEquals("MainProcess", Coprocessing.currentProcess().getName());
        assertTrue(Coprocessing.cpuCount() >= 1);
    }
}
