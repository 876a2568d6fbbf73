package dev.coprocessing.docs.queues;

// doc:start docs/queues-and-pipes.md
import dev.coprocessing.queue.Queue;
import dev.coprocessing.queue.Empty;
import dev.coprocessing.pipe.Connection;
import dev.coprocessing.pipe.Pipes;

public class Main {
    public static void main(String[] args) throws Exception {
        Queue<String> q = new Queue<>(3);
        q.put("a");                       // put(item), put(item, block), put(item, Duration), put(item, double),
                                          // put(item, block, Duration), put(item, block, double)
        String s = q.get();               // get(), get(block), get(Duration), get(double seconds), get(block, ...)
        try { q.get(false); } catch (Empty e) { /* nothing queued */ }
        q.shutdown(true);

        var ends = Pipes.<String>Pipe();  // kotlin.Pair<Connection<String>, Connection<String>>
        Connection<String> left = ends.getFirst(), right = ends.getSecond();
        left.send("ping");
        String msg = right.recv();        // throws EOFException (checked) once the other end is closed and drained
        boolean ready = right.poll(1.5);  // poll(), poll(Duration) (null: forever), poll(double)
        System.out.println(s + ", " + msg + ", " + ready);   // a, ping, false
    }
}
// doc:end
