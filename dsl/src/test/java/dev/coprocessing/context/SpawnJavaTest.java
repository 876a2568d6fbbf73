package dev.coprocessing.context;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.futures.ProcessPoolExecutor;
import dev.coprocessing.pool.Pool;
import dev.coprocessing.process.Process;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The spawn start method as Java code uses it: contexts, lambdas that cross, and those that cannot. */
class SpawnJavaTest {
    private static final Duration LIMIT = Duration.ofSeconds(120);

    /** A Java subclass that crosses itself: it implements Serializable, and its fields go with it. */
    static final class Exiter extends Process implements Serializable {
        private final int code;

        Exiter(int code) {
            this.code = code;
        }

        @Override
        public void run() {
            Coprocessing.exit(code);
        }
    }

    @Test
    void aThrowingRunnableLambdaCrossesAndAProcessGetsAnOsPid() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Context spawn = Contexts.getContext("spawn");
            assertEquals("spawn", spawn.getStartMethod());
            String greeting = "hello";
            Process p = spawn.Process(() -> System.out.println(greeting + " from " + ProcessHandle.current().pid()));
            p.start();
            assertNotEquals(ProcessHandle.current().pid(), p.getPid());
            p.join();
            assertEquals(0, p.getExitCode());

            Process exiter = spawn.adopt(new Exiter(4));
            exiter.start();
            exiter.join();
            assertEquals(4, exiter.getExitCode());
        }));
    }

    @Test
    void aPoolAndAnExecutorOnSpawnTakeSerializableLambdas() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            Context spawn = Contexts.getContext("spawn");
            Pool pool = new Pool(2, spawn);
            try {
                Function<Integer, Integer> square = (Function<Integer, Integer> & Serializable) x -> x * x;
                assertEquals(List.of(1, 4, 9), pool.map(List.of(1, 2, 3), square));
                Function<Integer, Integer> plain = x -> x + 1;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> pool.map(List.of(1), plain));
                assertTrue(e.getMessage().contains("cast a lambda to Serializable"), e.getMessage());
            } finally {
                pool.close();
                pool.join();
            }
            try (ProcessPoolExecutor ex = new ProcessPoolExecutor(1, spawn)) {
                long pid = ex.submit((Callable<Long> & Serializable) () -> ProcessHandle.current().pid()).result();
                assertNotEquals(ProcessHandle.current().pid(), pid);
            }
        }));
    }

    @Test
    void startMethodsAreCPythons() {
        assertEquals(List.of("coroutine", "spawn"), Contexts.getAllStartMethods());
        assertEquals("coroutine", Contexts.getStartMethod());
        assertThrows(IllegalArgumentException.class, () -> Contexts.getContext("fork"));
    }
}
