package dev.coprocessing.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.queue.Queue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Subclassing Process from Java, as Python code subclasses multiprocessing.Process. */
class ProcessSubclassJavaTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    /** Seed 000's class-based process: a name given in the constructor, work in run(). */
    static final class MyProcess extends Process {
        private final List<String> log;

        MyProcess(String name, List<String> log) {
            super();
            setName(name);
            this.log = log;
        }

        @Override
        public void run() throws InterruptedException {
            log.add(getName() + " is running in " + Coprocessing.currentProcess().getName());
            Coprocessing.sleep(0.01);
            log.add(getName() + " is done");
        }
    }

    @Test
    void aSubclassRunsItsOwnRunOnAThreadOfItsOwn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            List<String> log = new CopyOnWriteArrayList<>();
            Coprocessing.runMultiprocessing(() -> {
                List<MyProcess> ps = new ArrayList<>();
                for (String name : List.of("alex", "egon")) ps.add(new MyProcess(name, log));
                for (MyProcess p : ps) p.start();
                for (MyProcess p : ps) p.join();
                for (MyProcess p : ps) assertEquals(0, p.getExitCode());
            });
            assertEquals(4, log.size());
            assertTrue(log.contains("alex is running in alex"), log.toString());
            assertTrue(log.indexOf("egon is running in egon") < log.indexOf("egon is done"), log.toString());
        });
    }

    static final class Consumer extends Process {
        private final Queue<String> q;
        private final List<String> got;

        Consumer(Queue<String> q, List<String> got) {
            this.q = q;
            this.got = got;
        }

        @Override
        public void run() throws InterruptedException {
            for (String s; (s = q.get()) != null; ) got.add(s);
        }
    }

    @Test
    void runMayCallBlockingMethodsAndThrowCheckedExceptions() {
        assertTimeoutPreemptively(LIMIT, () -> {
            List<String> got = new CopyOnWriteArrayList<>();
            Coprocessing.runMultiprocessing(() -> {
                Queue<String> q = new Queue<>();
                Consumer c = new Consumer(q, got);
                c.start();
                q.put("spam");
                q.put("eggs");
                q.put(null);
                c.join();
                assertEquals(0, c.getExitCode());

                Process failing = new Process() {
                    @Override
                    public void run() throws IOException {
                        throw new IOException("disk full");
                    }
                };
                failing.start();
                failing.join();
                assertEquals(1, failing.getExitCode());
                assertInstanceOf(IOException.class, failing.getException());
            });
            assertEquals(List.of("spam", "eggs"), got);
        });
    }

    @Test
    void terminateInterruptsASubclassRun() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            CountDownLatch running = new CountDownLatch(1);
            Process p = new Process() {
                @Override
                public void run() throws InterruptedException {
                    running.countDown();
                    Thread.sleep(60_000);   // interrupted by terminate(), not waited out
                }
            };
            p.start();
            assertTrue(running.await(10, TimeUnit.SECONDS), "run() never started");
            p.terminate();
            p.join(Duration.ofSeconds(10));
            assertFalse(p.isAlive());
            assertEquals(-15, p.getExitCode());
        }));
    }

    @Test
    void aSubclassThatOverridesNothingFailsAtStart() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            class Idle extends Process { }
            Idle idle = new Idle();
            IllegalStateException e = assertThrows(IllegalStateException.class, idle::start);
            assertTrue(e.getMessage().contains("overrides neither run()"), e.getMessage());
            assertTrue(e.getMessage().contains("public void run()"), e.getMessage());
            assertFalse(idle.isAlive());
        }));
    }

    /** Seed 004's server: one process per client, the handler a subclass, on loopback. */
    static final class Handler extends Process {
        private final Socket conn;

        Handler(Socket conn) {
            this.conn = conn;
        }

        @Override
        public void run() throws IOException {
            try (Socket c = conn;
                 BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(c.getOutputStream(), true, StandardCharsets.UTF_8)) {
                for (String line; (line = in.readLine()) != null; ) out.println(line.toUpperCase());
            }
        }
    }

    @Test
    void aProcessPerClientServer() {
        assertTimeoutPreemptively(LIMIT, () -> Coprocessing.runMultiprocessing(() -> {
            try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
                List<String> replies = new CopyOnWriteArrayList<>();
                List<Process> clients = new ArrayList<>();
                for (String word : List.of("hello", "world")) {
                    Process client = new Process(() -> {
                        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                             PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.UTF_8);
                             BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                            out.println(word);
                            replies.add(in.readLine());
                        }
                    });
                    client.start();
                    clients.add(client);
                }
                List<Handler> handlers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Handler h = new Handler(server.accept());
                    h.start();
                    handlers.add(h);
                }
                for (Process c : clients) c.join();
                for (Handler h : handlers) h.join();
                for (Handler h : handlers) assertEquals(0, h.getExitCode());
                assertNotEquals(handlers.get(0).getPid(), handlers.get(1).getPid());
                assertEquals(List.of("HELLO", "WORLD"), replies.stream().sorted().toList());
            }
        }));
    }
}
