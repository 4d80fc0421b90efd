package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.function.Supplier;

import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;

import io.captchafleet.sandbox.simulator.SimulatorStats;

/** The suite's size switch and its one-line report. */
final class ChaosRun {
    private final String name;
    private final long started = System.nanoTime();

    ChaosRun(String name) {
        this.name = name;
    }

    /** {@code -Dchaos.full=true} (the poms pass it to failsafe). */
    static boolean full() {
        return Boolean.getBoolean("chaos.full");
    }

    /** The reduced size by default, the full one with {@code -Dchaos.full=true}. */
    static int size(int reduced, int full) {
        return full() ? full : reduced;
    }

    /** Replies the simulator held back or dropped on submits: each may have been billed without the client knowing. */
    static long ambiguous(SimulatorStats s) {
        return s.slowSubmitReplies() + s.droppedSubmitReplies();
    }

    /**
     * The test's work folder, {@code target/chaos/<name>}, emptied first: the processes' logs stay there
     * after the run for whoever reads a failure.
     */
    Path workDir() throws IOException {
        Path dir = Path.of("target", "chaos", name).toAbsolutePath();
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    /**
     * Waits until every one of {@code tasks} has a terminal outcome; a time-out names the last figures and
     * {@code context} (the simulator's counters, say).
     */
    static ResultsAudit.Snapshot awaitTerminal(ResultsAudit audit, long tasks, Duration atMost, Supplier<Object> context) {
        return awaitTerminal(audit, tasks, atMost, context, List.of());
    }

    /** The same, failing at once when one of {@code mustLive} (workers nobody kills) has ended. */
    static ResultsAudit.Snapshot awaitTerminal(ResultsAudit audit, long tasks, Duration atMost, Supplier<Object> context,
                                               List<WorkerNode> mustLive) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(500))
                .failFast("a worker process ended by itself (see its log under target/chaos)",
                        () -> mustLive.stream().anyMatch(w -> !w.isAlive()))
                .untilAsserted(() -> {
                    ResultsAudit.Snapshot s = audit.catchUp();
                    assertThat(s.terminal()).as("tasks with a terminal outcome; results %s; %s", s, context.get()).isEqualTo(tasks);
                });
        return audit.catchUp();
    }

    Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Prints {@code CHAOS <name>: <figures> time=<s>s} on one line and returns it. */
    String report(String figures) {
        String line = String.format(Locale.ROOT, "CHAOS %s: %s time=%.1fs size=%s", name, figures, elapsed().toMillis() / 1000.0,
                full() ? "full" : "reduced");
        System.out.println(line);
        return line;
    }
}
