package dev.coprocessing.examples.queue;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.pipe.Connection;
import dev.coprocessing.pipe.Pipes;
import dev.coprocessing.process.Process;
import dev.coprocessing.queue.Queue;
import java.io.EOFException;

/**
 * Seeds 001 queue and pipe from Java. A producer puts five buns in a {@code Queue} and then {@code null}, Python's
 * None, which stops the consumer. Then a child sends three messages down a one-way {@code Pipe} and closes its
 * end, and the parent reads until {@code recv()} throws {@code EOFException}. Watch: buns are eaten in the
 * order they were made, and the messages arrive in order, followed by the end of the pipe.
 */
public class QueueAndPipeFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            Queue<String> q = new Queue<>();
            Process consumer = new Process(() -> {
                for (String bun; (bun = q.get()) != null; ) System.out.println("ate " + bun);
            });
            Process producer = new Process(() -> {
                for (int i = 1; i <= 5; i++) {
                    Coprocessing.sleep(0.05);
                    q.put("bun " + i);
                    System.out.println("made bun " + i);
                }
                q.put(null);   // the sentinel: no more buns
            });
            consumer.start();
            producer.start();
            producer.join();
            consumer.join();

            var ends = Pipes.<String>Pipe(false);   // duplex = false: the first end receives, the second sends
            Connection<String> reader = ends.getFirst();
            Connection<String> writer = ends.getSecond();
            Process sender = new Process(() -> {
                try (writer) {                        // closing the sending end is what ends the reader's loop
                    for (String m : new String[] {"ping", "pong", "bye"}) writer.send(m);
                }
            });
            sender.start();
            try {
                while (true) System.out.println("received " + reader.recv());
            } catch (EOFException e) {
                System.out.println("the pipe is closed and drained");
            }
            sender.join();
        });
    }
}
