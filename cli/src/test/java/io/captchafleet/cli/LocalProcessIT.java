package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
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
            assertThat(local.output()).contains("Batch tasks: 500 tasks, ", " paid submits in all runs.\nThis run: ",
                    "\nSimulator: ", " submits billed on this state directory in all runs; 0 tasks paid again while a token was given"
                    + " or due.\n", "Results: " + out + " (500 outcomes).", "Log: " + dir.resolve("logs").resolve("local.log"));
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

    /**
     * The simulator of {@code local} keeps its tasks in the state directory: a {@code local} killed with
     * SIGKILL while every task is paid for and in flight is run again, and the second run polls the ids
     * the first one paid for instead of paying again. The simulator's own count says so.
     */
    @Test
    void aSimulatedRunKilledMidBatchPaysNothingAgainWhenRunAgain(@TempDir Path dir) throws Exception {
        int tasks = 20;
        Path file = turnstileTasks(dir.resolve("kill.jsonl"), tasks);
        Path state = dir.resolve("state");
        String tiers = "200ms,400ms,800ms,1600ms,3200ms";
        String[] args = {"local", file.toString(), "--state-dir", state.toString(), "--out", dir.resolve("results.jsonl").toString(),
            "--progress", "none", "--retry-tiers", tiers, "--session-timeout", "6s", "--sim-latency", "fixed:8s",
            "--poll-initial-delay", "7s", "--poll-interval", "500ms"};

        try (JarProcess first = JarProcess.start(args)) {
            // Every task paid for and recorded in flight (none paid and unrecorded), not all solved yet: mid-batch.
            // Asked at the broker's address, never with --state-dir: that would start a broker on the directory before local does.
            String broker = await().atMost(Duration.ofMinutes(1)).until(() -> EmbeddedKafkaBroker.runningAt(state), Optional::isPresent)
                    .orElseThrow();
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(() -> {
                CliRunner.Result status = CliRunner.run("status", "--bootstrap-servers", broker, "--retry-tiers", tiers, "--json");
                if (status.exitCode() != 0 || !status.out().contains("\"batch\":\"kill\"")) {
                    return false;
                }
                JsonNode batch = new ObjectMapper().readTree(status.out()).get("batches").get(0);
                long inFlight = batch.get("in_flight").asLong();
                return inFlight > 0 && inFlight + batch.get("solved").asLong() == tasks;
            });
            first.kill();
            first.waitFor(Duration.ofSeconds(30));
        }
        JsonNode summary;
        try (JarProcess second = JarProcess.start(concat(args, "--json"))) {
            assertThat(second.waitFor(Duration.ofMinutes(3))).as(String.join("\n", second.err())).isZero();
            summary = new ObjectMapper().readTree(second.output());
        }

        assertThat(summary.get("solved").asLong()).isEqualTo(tasks);
        assertThat(summary.get("not_finished").asLong()).isZero();
        assertThat(summary.get("paid_submits").asLong()).as("paid submits of the whole batch").isEqualTo(tasks);
        assertThat(summary.get("this_run").get("paid_submits").asLong()).isZero();
        assertThat(summary.get("simulator").get("billed_submits").asLong()).isEqualTo(tasks);
        assertThat(summary.get("simulator").get("tasks_billed_more_than_once").asLong()).isZero();
        assertThat(summary.get("simulator").get("tasks_billed_again_after_success").asLong()).isZero();
        try (SolverSimulator remembered = SolverSimulator.start(SimulatorSettings.builder()
                .stateDir(state.resolve(LocalSolver.SIMULATOR_DIR)).build())) {
            assertThat(remembered.stats().acceptedSubmits()).isEqualTo(tasks);
            assertThat(remembered.stats().solved()).isEqualTo(tasks);
        }
    }

    /**
     * A batch submitted with a spend cap: local stops at it with exit code 5, spending no more than the cap;
     * {@code cap} raises it and {@code report} marks an answer bad; the same command then finishes the batch and
     * reports the verdict once (the simulator's journal says so).
     */
    @Test
    void localStopsAtTheSpendCapWithExit5AndAfterCapAndReportFinishesAndReports(@TempDir Path dir) throws Exception {
        int tasks = 30;
        Path file = turnstileTasks(dir.resolve("capped.jsonl"), tasks);
        Path state = dir.resolve("state");
        Path out = dir.resolve("results.jsonl");
        String tiers = "200ms,400ms,800ms,1600ms,3200ms";
        String[] args = {"local", file.toString(), "--state-dir", state.toString(), "--out", out.toString(), "--progress", "none",
            "--retry-tiers", tiers, "--session-timeout", "6s", "--sim-latency", "uniform:200ms-500ms",
            "--poll-initial-delay", "300ms", "--poll-interval", "300ms", "--balance-interval", "1s", "--max-spend", "0.045"};

        try (JarProcess first = JarProcess.start(args)) {
            assertThat(first.waitFor(Duration.ofMinutes(2))).as(String.join("\n", first.err())).isEqualTo(5);
            assertThat(String.join("\n", first.err())).contains("Stopped at the batch's spend cap: ",
                    "Raise it with: captcha-fleet cap --state-dir " + state.toAbsolutePath() + " --retry-tiers " + tiers
                            + " --batch capped --max-spend AMOUNT");
        }
        List<Outcome> stopped = read(out);
        BigDecimal spent = stopped.stream().map(Outcome::cost).reduce(BigDecimal.ZERO, BigDecimal::add);
        System.out.printf("local at a cap of 0.045: %d solved, spent %s%n", stopped.size(), spent);
        assertThat(spent).isLessThanOrEqualTo(new BigDecimal("0.045"));
        assertThat(stopped).hasSizeBetween(12, 15).allSatisfy(o -> assertThat(o.cost()).isEqualByComparingTo("0.00299"));
        String judged = stopped.get(0).taskId();

        CliRunner.Result cap = CliRunner.run("cap", "--state-dir", state.toString(), "--retry-tiers", tiers, "--batch", "capped",
                "--max-spend", "1");
        assertThat(cap.exitCode()).as(cap.err()).isZero();
        CliRunner.Result report = CliRunner.run("report", "--state-dir", state.toString(), "--retry-tiers", tiers, "--batch", "capped",
                "--verdict", "bad", "--task", judged);
        assertThat(report.exitCode()).as(report.err()).isZero();

        try (JarProcess second = JarProcess.start(args)) {
            assertThat(second.waitFor(Duration.ofMinutes(2))).as(String.join("\n", second.err())).isZero();
        }
        List<Outcome> finished = read(out);
        assertThat(finished).hasSize(tasks).allSatisfy(o -> assertThat(o.status().terminal()).isTrue());
        assertThat(finished).filteredOn(o -> o.taskId().equals(judged)).singleElement().satisfies(o -> {
            assertThat(o.report()).isEqualTo("bad");
            assertThat(o.reportResult()).isEqualTo("OK_REPORT_RECORDED");
        });
        assertThat(Files.readAllLines(state.resolve(LocalSolver.SIMULATOR_DIR).resolve("journal.jsonl")))
                .filteredOn(line -> line.contains("\"event\":\"reported\"")).hasSize(1);
    }

    /** A task file of {@code n} Turnstile tasks, ids t1 … tn. */
    private static Path turnstileTasks(Path file, int n) throws java.io.IOException {
        Files.writeString(file, IntStream.rangeClosed(1, n).mapToObj(i -> "{\"id\":\"t" + i + "\",\"method\":\"turnstile\","
                + "\"sitekey\":\"0x4AAAAAAAC3DHQFLr1GavRN\",\"pageurl\":\"https://example.com/" + i + "\"}").collect(Collectors.joining("\n")));
        return file;
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Arrays.stream(a), Arrays.stream(b)).toArray(String[]::new);
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
