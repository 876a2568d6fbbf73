package dev.coprocessing.pipe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlin.Pair;
import org.junit.jupiter.api.Test;

/** Pipes as Java sees them: the Pipes facade, Connection's blocking view, and the checked EOFException. */
class PipeJavaTest {

    @Test
    void duplexPipe() throws Exception {
        Pair<Connection<String>, Connection<String>> ends = Pipes.Pipe();
        Connection<String> left = ends.getFirst();
        Connection<String> right = ends.getSecond();
        assertTrue(left.isReadable());
        assertTrue(left.isWritable());
        left.send("ping");
        assertTrue(right.poll());
        assertEquals("ping", right.recv());
        right.send("pong");
        assertEquals("pong", left.recv());
        assertFalse(left.poll(0.01));
        assertFalse(left.poll(Duration.ofMillis(10)));
    }

    @Test
    void oneWayPipeAndEof() throws Exception {
        Pair<Connection<Integer>, Connection<Integer>> ends = Pipes.Pipe(false);
        Connection<Integer> reader = ends.getFirst();
        Connection<Integer> writer = ends.getSecond();
        assertFalse(reader.isWritable());
        assertFalse(writer.isReadable());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> reader.send(1));
        assertTrue(e.getMessage().startsWith("connection is read-only"));
        e = assertThrows(IllegalStateException.class, writer::recv);
        assertTrue(e.getMessage().startsWith("connection is write-only"));
        CompletableFuture<Integer> got = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.recv();
            } catch (EOFException eof) {
                throw new AssertionError("no EOF expected yet", eof);
            } catch (InterruptedException interrupted) {
                throw new AssertionError("interrupted while waiting for the message", interrupted);
            }
        });
        writer.send(7);
        assertEquals(7, got.get(10, TimeUnit.SECONDS));
        try (Connection<Integer> w = writer) {
            w.send(8);
        }
        assertTrue(writer.isClosed());
        assertTrue(reader.poll(null));
        assertEquals(8, reader.recv());
        assertThrows(EOFException.class, reader::recv);
        e = assertThrows(IllegalStateException.class, () -> writer.send(9));
        assertEquals("handle is closed", e.getMessage());
    }

    @Test
    void bytes() throws Exception {
        Pair<Connection<Object>, Connection<Object>> ends = Pipes.Pipe();
        ends.getFirst().sendBytes(new byte[] {1, 2, 3, 4}, 1, 2);
        ends.getFirst().sendBytes(new byte[] {5});
        assertArrayEquals(new byte[] {2, 3}, ends.getSecond().recvBytes(2));
        byte[] buffer = new byte[3];
        assertEquals(1, ends.getSecond().recvBytesInto(buffer, 2));
        assertArrayEquals(new byte[] {0, 0, 5}, buffer);
    }
}
