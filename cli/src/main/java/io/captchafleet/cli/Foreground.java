package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Model.CommandSpec;

/**
 * Runs a long-lived command in the foreground: prints its banner, then blocks until Ctrl-C or SIGTERM,
 * whose shutdown hook stops the service cleanly. With {@code dieWithParent} the process also ends when
 * the process that started it does (test and benchmark harnesses).
 */
final class Foreground {
    private Foreground() {
    }

    static void runUntilStopped(CommandSpec spec, String name, Runnable stop, boolean dieWithParent, String... banner)
            throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            stopped.countDown();
        }, name + "-shutdown"));
        if (dieWithParent) {
            ParentWatch.exitWhenParentEnds();
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String line : banner) {
            out.println(line);
        }
        out.flush();
        stopped.await();
    }

    /** Removes a shutdown hook, unless the JVM is already running it. */
    static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running now
        }
    }
}
