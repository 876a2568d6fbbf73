package dev.coprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.coprocessing.process.Process;
import dev.coprocessing.queue.Queue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The README's Java snippet, kept compiling and running. */
class ReadmeJavaTest {
    @Test
    void theReadmeSnippetRuns() {
        List<String> printed = new CopyOnWriteArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> Coprocessing.runMultiprocessing(() -> {
            Queue<String> q = new Queue<>();
            Process worker = new Process(() -> { for (String s; (s = q.get()) != null; ) printed.add(s); });
            worker.start();
            q.put("spam"); q.put("eggs"); q.put(null);
            worker.join();
        }));
        assertEquals(List.of("spam", "eggs"), printed);
    }
}
