package dev.coprocessing.examples.pool;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.pool.AsyncResult;
import dev.coprocessing.pool.Pool;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 001 Pool from Java: {@code Pool(3)} serves {@code map} over ten numbers, then one {@code applyAsync}
 * with a callback; {@code close()} and {@code join()} wait for the workers. Watch: the squares come back in
 * input order although three workers computed them, and the callback gets the async result.
 */
public class PoolFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            Pool pool = new Pool(3);
            List<Integer> numbers = new ArrayList<>();
            for (int i = 0; i < 10; i++) numbers.add(i);
            List<Integer> squares = pool.map(numbers, x -> {   // a java.util.function.Function: no checked exceptions
                System.out.println(Coprocessing.currentProcess().getName() + " squares " + x);
                return x * x;
            });
            System.out.println(squares);
            AsyncResult<Integer> answer = pool.applyAsync(
                value -> System.out.println("callback got " + value),   // runs in the main process
                () -> 6 * 7);
            pool.close();                              // no more tasks
            pool.join();                               // wait for the workers to finish
            System.out.println("get() = " + answer.get());
        });
    }
}
