package io.captchafleet.cli.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.captchafleet.cli.fleet.ChildProcess;
import io.captchafleet.cli.fleet.FleetKafka;
import io.captchafleet.cli.fleet.JarLauncher;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.RetryTier;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;

/**
 * One {@code captcha-fleet local FILE} run as a user makes it (its own process from the jar, default JVM options, a fresh
 * state directory, the built-in simulator), timed from the moment the process is started to its exit. Afterwards, with
 * the process gone, the state directory is opened again in this JVM: the results topic gives the moment each task ended
 * (its first terminal record's time stamp) and the simulator's journal and counters its figures (first billed submit,
 * requests, tasks billed twice). Driven by the bench thread.
 */
final class LocalRun {
    /**
     * What the run measured; times are milliseconds after the process was started.
     *
     * @param endedAfterMs      when each task that ended did so, sorted
     * @param summary           {@code local --json}'s output
     */
    record Result(int exitCode, long exitAfterMs, List<Long> endedAfterMs, long firstPaidSubmitAfterMs, SimulatorStats simulator,
                  JsonNode summary) {
        /** When {@code share} (0 to 1) of {@code tasks} had ended, or -1 if they never did. */
        long endedShareAfterMs(double share, int tasks) {
            int rank = (int) Math.ceil(share * tasks);
            return rank <= endedAfterMs.size() ? endedAfterMs.get(Math.max(0, rank - 1)) : -1;
        }

        long ambiguousSubmits() {
            return summary.path("this_run").path("ambiguous_submits").asLong();
        }
    }

    private LocalRun() {
    }

    /**
     * Runs {@code local} on {@code taskFile} with a state directory {@code dir/state}; {@code batch} is the file's batch.
     *
     * @throws IllegalStateException when it does not end within {@code timeout}
     */
    static Result run(JarLauncher launcher, Path dir, Path taskFile, String batch, int workers, String latency, String faults,
                      Duration timeout) throws InterruptedException {
        Path state = dir.resolve("state");
        List<String> args = List.of("local", taskFile.toString(), "--state-dir", state.toString(), "--out",
                dir.resolve("results.jsonl").toString(), "--workers", Integer.toString(workers), "--sim-latency", latency,
                "--sim-faults", faults, "--progress", "none", "--json");
        // Nothing of this JVM's configuration may change the run: no API key (it would solve for real), no CAPTCHA_FLEET_*.
        Set<String> unset = System.getenv().keySet().stream().filter(k -> k.startsWith("CAPTCHA_")).collect(Collectors.toSet());
        long startedNanos = System.nanoTime();
        long startedMs = System.currentTimeMillis();
        ChildProcess p = launcher.start("local-" + batch, List.of(), Map.of(), unset, args);
        Integer exit = p.waitFor(timeout).orElse(null);
        long exitAfterMs = (System.nanoTime() - startedNanos) / 1_000_000;
        if (exit == null) {
            p.kill();
            throw new IllegalStateException("local did not end within " + timeout.toSeconds() + " s; log: " + p.log());
        }
        List<String> out = p.out();
        if (out.isEmpty()) {
            throw new IllegalStateException("local exited with " + exit + " and printed no summary; log: " + p.log());
        }
        JsonNode summary;
        try {
            summary = Json.MAPPER.readTree(out.get(out.size() - 1));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("local's summary is not JSON: " + out + "; log: " + p.log(), e);
        }
        List<Long> ended = new ArrayList<>();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(state).build());
             ResultsAudit audit = new FleetKafka(broker.bootstrapServers(),
                     new TopicLayout(TopicLayout.DEFAULT_PREFIX, RetryTier.DEFAULTS)).audit(batch)) {
            audit.catchUp();
            audit.endTimes().forEach(at -> ended.add(at - startedMs));
        }
        ended.sort(null);
        SimulatorStats sim;
        try (SolverSimulator simulator = SolverSimulator.start(SimulatorSettings.builder().stateDir(state.resolve("simulator")).build())) {
            sim = simulator.stats();
        }
        long firstPaid = sim.firstSubmitAt() == null ? -1 : sim.firstSubmitAt() - startedMs;
        return new Result(exit, exitAfterMs, List.copyOf(ended), firstPaid, sim, summary);
    }
}
