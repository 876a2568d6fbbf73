package dev.coprocessing.examples.process;

import dev.coprocessing.Coprocessing;
import dev.coprocessing.process.Process;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed 000 from Java: ten processes, each given its target as a lambda, all started before any is joined, then
 * one more made from a {@code Runnable} the program already had. Watch: the ten "start" lines come in any order,
 * "hahhahaha" only after every join, and the last child's exit code is 0.
 */
public class ProcessesFromJava {
    public static void main(String[] args) throws Exception {
        Coprocessing.runMultiprocessing(() -> {   // Python's if __name__ == '__main__':
            List<Process> children = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                Process p = new Process(() -> System.out.println("start " + n));
                p.start();                          // never waits
                children.add(p);
            }
            for (Process p : children) p.join();   // waits for each child in turn
            System.out.println("hahhahaha");

            Runnable greet = () -> System.out.println("hello from " + Coprocessing.currentProcess().getName());
            Process greeter = new Process("greeter", greet::run);   // a Runnable's run method is a target
            greeter.start();
            greeter.join();
            System.out.println("greeter exit code " + greeter.getExitCode());
        });
    }
}
