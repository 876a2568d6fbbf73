package dev.coprocessing.examples.futures;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.futures.ProcessPoolExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Seed 003 concurrent.futures from Java: a {@code ProcessPoolExecutor} in try-with-resources (closing it is
 * {@code shutdown()}, which waits for the tasks). Each submitted task's {@code Future} is seen as a
 * {@code CompletableFuture}, so the JDK's composition works on it: {@code thenApply} per task, {@code allOf} for
 * the sum. Then {@code map}, whose results come back in input order. Watch: the sum is 55 whatever the order
 * the tasks finished in.
 */
public class ExecutorFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            try (ProcessPoolExecutor executor = new ProcessPoolExecutor(4)) {
                List<CompletableFuture<Integer>> squares = new ArrayList<>();
                for (int i = 1; i <= 5; i++) {
                    int n = i;
                    squares.add(executor.submit(() -> {
                        Coprocessing.sleep(0.05 * (6 - n));   // the later tasks finish first
                        return n * n;
                    }).asCompletableFuture());
                }
                List<CompletableFuture<String>> lines = new ArrayList<>();
                for (CompletableFuture<Integer> square : squares) lines.add(square.thenApply(s -> "square " + s));
                CompletableFuture<Integer> sum = CompletableFuture.allOf(squares.toArray(new CompletableFuture<?>[0]))
                    .thenApply(done -> squares.stream().mapToInt(CompletableFuture::join).sum());
                for (CompletableFuture<String> line : lines) System.out.println(line.get());
                System.out.println("sum of squares: " + sum.get());
                executor.map(List.of(1, 2, 3), x -> x * 10).forEachRemaining(r -> System.out.println("map: " + r));
            }
        });
    }
}
