package dev.coprocessing.docs.futures;

// doc:start docs/futures.md
import dev.coprocessing.futures.*;
import java.util.List;

public class Main {
    public static void main(String[] args) throws InterruptedException {
        try (ProcessPoolExecutor ex = new ProcessPoolExecutor(4)) {
            Future<Integer> f = ex.submit(() -> 6 * 7);
            f.addDoneCallback(done -> {    // result() declares InterruptedException; a done future never throws it
                try { System.out.println("done: " + done.result()); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            });
            System.out.println(f.result());
            ex.map(List.of(1, 2, 3), x -> x * x).forEachRemaining(System.out::println);
        }
    }
}
// doc:end
