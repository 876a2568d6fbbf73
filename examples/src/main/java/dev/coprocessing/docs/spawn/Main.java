package dev.coprocessing.docs.spawn;

// doc:start docs/spawn.md
import dev.coprocessing.Coprocessing;
import dev.coprocessing.context.Context;
import dev.coprocessing.context.Contexts;
import dev.coprocessing.process.Process;

public class Main {
    public static void main(String[] args) throws Exception {
        Context spawn = Contexts.getContext("spawn");
        Coprocessing.runMultiprocessing(() -> {
            Process p = spawn.Process(() -> System.out.println("in another JVM: " + (ProcessHandle.current().pid() != 0)));
            p.start();
            p.join();
            System.out.println("exit code " + p.getExitCode());
        });
    }
}
// doc:end
