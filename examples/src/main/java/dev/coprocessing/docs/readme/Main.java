package dev.coprocessing.docs.readme;

// doc:start README.md
import dev.coprocessing.Coprocessing;
import dev.coprocessing.process.Process;
import dev.coprocessing.queue.Queue;

public class Main {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            Queue<String> q = new Queue<>();
            Process worker = new Process(() -> { for (String s; (s = q.get()) != null; ) System.out.println(s); });
            worker.start();
            q.put("spam"); q.put("eggs"); q.put(null);
            worker.join();
        });
    }
}
// doc:end
