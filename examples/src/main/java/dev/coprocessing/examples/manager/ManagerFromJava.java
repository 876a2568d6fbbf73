package dev.coprocessing.examples.manager;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.manager.DictProxy;
import dev.coprocessing.manager.ListProxy;
import dev.coprocessing.manager.Manager;
import dev.coprocessing.manager.Managers;
import dev.coprocessing.manager.SharedValue;
import dev.coprocessing.process.Process;
import dev.coprocessing.sync.AbstractLock;
import dev.coprocessing.sync.Held;
import java.util.ArrayList;
import java.util.List;

/**
 * Seeds 001 and 002's shared counter from Java. Ten processes share a manager's dict {@code {count: 100, atomic:
 * 100}}: each takes one from "count" holding the manager's {@code Lock} with try-with-resources (Python's
 * {@code with lock: d["count"] -= 1}), takes one from "atomic" with the dict's atomic {@code update}, and adds its
 * name to a managed list. Then a value read from the dict is changed, and the stored one is not (a value comes out
 * as a copy, as CPython's manager pickles it), and {@code Managers.manager(m -> ...)} returns what its block
 * computes. Watch: the dict ends at {count=90, atomic=90}, whatever order the processes ran in.
 */
public class ManagerFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            try (Manager manager = new Manager()) {   // shut down when the block ends
                DictProxy<String, Integer> d = manager.dict();
                d.put("count", 100);
                d.put("atomic", 100);
                ListProxy<String> visitors = manager.list();
                AbstractLock lock = manager.Lock();
                List<Process> workers = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    Process p = new Process(() -> {
                        try (Held held = lock.hold()) {     // two calls, made one step by the lock
                            d.put("count", d.get("count") - 1);
                        }
                        d.update("atomic", n -> n - 1);     // one atomic call: no lock needed
                        visitors.append(Coprocessing.currentProcess().getName());
                    });
                    p.start();
                    workers.add(p);
                }
                for (Process p : workers) p.join();
                System.out.println("dict: " + d);
                System.out.println(visitors.size() + " processes signed the list");

                DictProxy<String, List<Integer>> lists = manager.dict();
                lists.put("xs", List.of(1, 2));
                List<Integer> read = lists.get("xs");
                read.add(3);                                // changes the copy that was read
                System.out.println("read " + read + ", stored " + lists.get("xs"));

                SharedValue<Integer> hits = manager.Value(0);
                hits.update(n -> n + 5);
                System.out.println("hits: " + hits.getValue());
            }

            int left = Managers.manager(m -> {
                DictProxy<String, Integer> tickets = m.dict();
                tickets.put("left", 3);
                return tickets.update("left", n -> n - 1);
            });
            System.out.println("tickets left: " + left);
        });
    }
}
