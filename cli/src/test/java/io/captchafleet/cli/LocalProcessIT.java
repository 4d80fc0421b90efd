package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code captcha-fleet local} as a user runs it: the real jar, the shipped 500-task example, the
 * embedded broker on a state directory, a kill in the middle, an empty balance.
 */
class LocalProcessIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "tasks.jsonl");
    private static final int WORKERS = 3;
    private static final int LEDGER_WINDOW = 16;
    /** Short tiers and fast polling so a 500-task batch takes seconds. */
    private static final List<String> FAST = List.of("--retry-tiers", "200ms,400ms,800ms,1600ms,3200ms",
            "--poll-initial-delay", "300ms", "--poll-interval", "300ms", "--session-timeout", "6s");

    @Test
    void localOnTheExampleWithFaultsFinishesWithOneOutcomePerTask(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.jsonl");
        List<String> args = args(dir, out, "--sim-latency", "uniform:200ms-1s",
                "--sim-faults", "no-slot=0.05,unsolvable=0.03,http-500=0.03,garbage=0.02");
        try (JarProcess local = JarProcess.start(Map.of(), args.toArray(String[]::new))) {
            int code = local.waitFor(Duration.ofMinutes(4));
            assertThat(code).as(String.join("\n", local.err())).isIn(0, 4);
            // stderr is a pipe: no bar (plain progress lines, if any), no log line.
            assertThat(local.err()).as(String.join("\n", local.err()))
                    .contains("No --provider: solving with the built-in simulator. Its tokens are SIMULATED and worthless outside"
                            + " tests; name --provider (with CAPTCHA_API_KEY or --api-key-file) to solve for real.")
                    .noneMatch(l -> l.contains("\r") || l.matches("\\d{4}-\\d\\d-\\d\\dT.*"));
            assertThat(local.output()).contains("Batch tasks: 500 tasks, ", "Results: " + out + " (500 outcomes).",
                    "Log: " + dir.resolve("logs").resolve("local.log"));
        }
        List<Outcome> results = read(out);
        assertThat(results).hasSize(500);
        assertThat(taskIds(results)).hasSize(500);
        assertThat(results).allSatisfy(o -> assertThat(o.status().terminal()).isTrue());
    }

    @Test
    void killedHalfwayAndRunAgainItContinuesAndPaysTwiceAtMostTheLedgerWindows(@TempDir Path dir) throws Exception {
        try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofSeconds(1), Duration.ofSeconds(2))).seed(9).build())) {
            Path out = dir.resolve("results.jsonl");
            List<String> args = args(dir, out, "--provider", "custom", "--solver-url", sim.baseUrl().toString(),
                    "--ledger-window", Integer.toString(LEDGER_WINDOW), "--max-concurrent-submits", "4");
            Map<String, String> env = Map.of("CAPTCHA_FLEET_API_KEY", "k-test");
            try (JarProcess first = JarProcess.start(env, args.toArray(String[]::new))) {
                await().atMost(Duration.ofMinutes(2)).until(() -> sim.stats().acceptedSubmits() >= 250);
                first.kill();
                first.waitFor(Duration.ofSeconds(30));
            }
            long solvedBeforeKill = sim.stats().solved();
            try (JarProcess second = JarProcess.start(env, args.toArray(String[]::new))) {
                assertThat(second.waitFor(Duration.ofMinutes(3))).as(String.join("\n", second.err())).isZero();
                assertThat(String.join("\n", second.err())).contains("Batch tasks was submitted before: continuing it.");
            }
            SimulatorStats stats = sim.stats();
            System.out.printf("local kill: solved before the kill %d, accepted submits %d, tasks billed twice %d (bound %d)%n",
                    solvedBeforeKill, stats.acceptedSubmits(), stats.tasksBilledMoreThanOnce(), WORKERS * LEDGER_WINDOW);
            assertThat(stats.tasksBilledMoreThanOnce()).isLessThanOrEqualTo(WORKERS * LEDGER_WINDOW);
            List<Outcome> results = read(out);
            assertThat(taskIds(results)).hasSize(500);
            assertThat(results).allSatisfy(o -> assertThat(o.token()).startsWith("SIMULATED"));
        }
    }

    @Test
    void anEmptyBalanceExits3AndAfterARefillAndResumeTheRunFinishesWithNothingPaidTwice(@TempDir Path dir) throws Exception {
        try (SolverSimulator sim = SolverSimulator.start(SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(200), Duration.ofMillis(600))).balance(200).seed(10).build())) {
            Path out = dir.resolve("results.jsonl");
            List<String> args = args(dir, out, "--provider", "custom", "--solver-url", sim.baseUrl().toString());
            Map<String, String> env = Map.of("CAPTCHA_API_KEY", "k-test");
            try (JarProcess halted = JarProcess.start(env, args.toArray(String[]::new))) {
                assertThat(halted.waitFor(Duration.ofMinutes(3))).isEqualTo(3);
                assertThat(String.join("\n", halted.err())).contains("The fleet is halted since ", "by ERROR_ZERO_BALANCE",
                        "captcha-fleet resume --state-dir " + dir.toAbsolutePath() + " --retry-tiers 200ms,400ms,800ms,1600ms,3200ms");
            }
            assertThat(sim.stats().acceptedSubmits()).isEqualTo(200);
            // Started again on the halted fleet without --resume: exits 3 at once, submitting nothing.
            try (JarProcess again = JarProcess.start(env, args.toArray(String[]::new))) {
                assertThat(again.waitFor(Duration.ofMinutes(1))).isEqualTo(3);
                assertThat(String.join("\n", again.err())).contains("The fleet is halted since ");
            }
            sim.refill(1000);
            try (JarProcess resume = JarProcess.start(env, "resume", "--state-dir", dir.toString(),
                    "--retry-tiers", "200ms,400ms,800ms,1600ms,3200ms", "--reason", "refilled")) {
                assertThat(resume.waitFor(Duration.ofMinutes(1))).as(String.join("\n", resume.err())).isZero();
            }
            try (JarProcess finish = JarProcess.start(env, args.toArray(String[]::new))) {
                assertThat(finish.waitFor(Duration.ofMinutes(3))).as(String.join("\n", finish.err())).isZero();
            }
            SimulatorStats stats = sim.stats();
            System.out.printf("local halt: accepted %d, rejected %d, billed twice %d%n", stats.acceptedSubmits(),
                    stats.rejectedSubmits(), stats.tasksBilledMoreThanOnce());
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
            assertThat(stats.acceptedSubmits()).isEqualTo(500);
            assertThat(taskIds(read(out))).hasSize(500);
        }
    }

    private static List<String> args(Path dir, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("local", EXAMPLE.toString(), "--state-dir", dir.toString(),
                "--out", out.toString(), "--workers", Integer.toString(WORKERS)));
        args.addAll(FAST);
        args.addAll(List.of(more));
        return args;
    }

    private static List<Outcome> read(Path results) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            outcomes.add(OutcomeCodec.read(line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return outcomes;
    }

    private static Set<String> taskIds(List<Outcome> outcomes) {
        Set<String> ids = new HashSet<>();
        outcomes.forEach(o -> ids.add(o.taskId()));
        return ids;
    }
}
