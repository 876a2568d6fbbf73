package dev.coprocessing.diagnosis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.DeadlockCycle;
import dev.coprocessing.DeadlockError;
import dev.coprocessing.UnraisableHook;
import dev.coprocessing.process.Process;
import dev.coprocessing.sync.Barrier;
import dev.coprocessing.sync.Lock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Diagnosis as Java code sees it: the Diagnosis facade and the watched runMultiprocessing. */
class DiagnosisJavaTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @BeforeEach
    void quiet() {
        Coprocessing.setUnraisablehook(args -> { });
    }

    @AfterEach
    void restore() {
        Coprocessing.setUnraisablehook(UnraisableHook.DEFAULT);
        Diagnosis.disableDiagnosis();
    }

    /** Two processes with blocking targets, each holding one lock and asking for the other. */
    private static List<Process> diners() {
        Lock noodles = new Lock();
        Lock fork = new Lock();
        Barrier bothHold = new Barrier(2);
        Process alice = new Process("alice", false, () -> {
            try (var first = noodles.hold()) {
                bothHold.await();
                try (var second = fork.hold()) {
                    return null;
                }
            }
        });
        Process bob = new Process("bob", false, () -> {
            try (var first = fork.hold()) {
                bothHold.await();
                try (var second = noodles.hold()) {
                    return null;
                }
            }
        });
        return List.of(alice, bob);
    }

    @Test
    void aWatchedBlockFailsWithTheCycle() {
        DeadlockError error = assertThrows(DeadlockError.class, () -> assertTimeoutPreemptively(LIMIT, () ->
            Coprocessing.runMultiprocessing(Duration.ofMillis(50), true, () -> {
                for (Process p : diners()) p.start();
            })));
        DeadlockCycle cycle = error.getCycle();
        assertEquals(List.of("alice", "bob"), cycle.getProcesses());
        assertTrue(cycle.getLinks().get(0).getHolds().startsWith("<Lock(owner=alice)>"), cycle.toString());
        assertEquals("acquire()", cycle.getLinks().get(1).getCall());
    }

    @Test
    void theCallableTwinReturnsTheBodysValueWhenNothingDeadlocks() throws Exception {
        int value = Coprocessing.runMultiprocessing(Duration.ofSeconds(1), false, () -> 42);
        assertEquals(42, value);
        assertFalse(Diagnosis.isDiagnosisEnabled());
    }

    @Test
    void theDumpShowsAWaitAndWhoHoldsTheLock() {
        Diagnosis.enableDiagnosis();
        assertTrue(Diagnosis.isDiagnosisEnabled());
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Lock lock = new Lock();
            lock.acquire();
            Process waiter = new Process("waiter", false, () -> {
                lock.acquire();
                lock.release();
                return null;
            });
            waiter.start();
            String dump = Diagnosis.dumpProcesses();
            while (!dump.contains("Lock.acquire()")) {   // bounded by the enclosing timeout
                Thread.sleep(5);
                dump = Diagnosis.dumpProcesses();
            }
            assertTrue(dump.contains("held by MainProcess"), dump);
            assertTrue(dump.contains("waiter  pid="), dump);
            assertEquals(List.of(), Diagnosis.detectDeadlocks());
            lock.release();
            waiter.join();
            return null;
        }));
    }
}
