package dev.coprocessing.examples.process;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.process.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 004 from Java: the second way to make a process, a subclass of {@code Process} that overrides
 * {@code run()}. Its {@code run()} runs on a thread of its own, where it may block. Watch: five children named
 * as CPython names a subclass's instances, {@code MyProcess-1} to {@code MyProcess-5}, each with exit code 0.
 */
public class SubclassFromJava {
    static class MyProcess extends Process {
        private final int task;

        MyProcess(int task) {
            this.task = task;
        }

        @Override
        public void run() throws InterruptedException {
            Coprocessing.sleep(0.1);
            System.out.println("task " + task + " from " + getName() + " (pid " + getPid() + ")");
        }
    }

    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {
            List<MyProcess> tasks = new ArrayList<>();
            for (int i = 1; i <= 5; i++) tasks.add(new MyProcess(i));
            for (MyProcess p : tasks) p.start();
            for (MyProcess p : tasks) p.join();
            for (MyProcess p : tasks) System.out.println(p.getName() + " exit code " + p.getExitCode());
        });
    }
}
