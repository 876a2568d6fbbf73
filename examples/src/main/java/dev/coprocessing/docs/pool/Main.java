package dev.coprocessing.docs.pool;

// doc:start docs/pool.md
import dev.coprocessing.pool.AsyncResult;
import dev.coprocessing.pool.Pool;
import java.util.Iterator;
import java.util.List;

public class Main {
    public static void main(String[] args) throws Exception {
        Pool pool = new Pool(4);
        int r = pool.apply(() -> 6 * 7);
        AsyncResult<Integer> a = pool.applyAsync(v -> System.out.println(v), () -> 6 * 7);
        List<Integer> squares = pool.map(List.of(1, 2, 3), x -> x * x);
        Iterator<Integer> lazy = pool.imap(List.of(1, 2, 3), x -> x * x);
        pool.close();
        pool.join();
        System.out.println(a.get());
    }
}
// doc:end
