package io.captchafleet.cli.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import io.captchafleet.cli.BrokerTransactions;
import io.captchafleet.cli.TestJvm;
import io.captchafleet.cli.fleet.ChildProcess;
import io.captchafleet.cli.fleet.FleetKafka;
import io.captchafleet.cli.fleet.JarLauncher;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.TaskLines;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.SolverSimulator;
import io.captchafleet.sandbox.simulator.TaskStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 11, hole 10: {@code local} SIGKILLed at many moments of one batch ({@link KillPoint}: while it
 * starts, while paid submits and outcomes are being committed, right after a commit), run again after each
 * kill with the same command, and once more to the end. The last run must exit 0 with every task solved
 * and recorded by exactly one terminal outcome, and the solver must have billed no task more than the
 * ledger window allows. The simulator runs in this JVM and {@code local} reaches it by URL, so its billing
 * covers every run whether or not {@code local}'s own simulator keeps its state across a kill.
 */
@Tag("chaos")
class LocalKillRerunChaosIT {
    private static final String BATCH = "rerun";
    private static final int WORKERS = 3;
    private static final int PARTITIONS = 6;
    /** Small, so that the bound on tasks billed twice (this many per worker per kill) says something. */
    private static final int LEDGER_WINDOW = 2;
    private static final int MAX_PAID_SUBMITS = 3;

    @Test
    void localKilledAtManyMomentsAndRunAgainFinishesEveryTaskOnceAndPaysTwiceAtMostTheLedgerWindows() throws Exception {
        ChaosRun run = new ChaosRun("local-kill-rerun");
        int tasks = ChaosRun.size(200, 600);
        int kills = ChaosRun.size(8, 24);
        Path dir = run.workDir();
        Path state = dir.resolve("state");
        Path out = dir.resolve("results.jsonl");
        Path file = TaskLines.write(dir.resolve("tasks.jsonl"), BATCH, tasks);
        JarLauncher launcher = JarLauncher.locate(dir.resolve("logs"));
        Random random = new Random(11);
        Map<KillPoint, Integer> killsByPoint = new EnumMap<>(KillPoint.class);
        try (SolverSimulator simulator = SolverSimulator.start(SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(300), Duration.ofSeconds(1))).seed(11).build())) {
            List<String> args = List.of("local", file.toString(), "--batch", BATCH, "--state-dir", state.toString(),
                    "--out", out.toString(), "--workers", Integer.toString(WORKERS), "--partitions", Integer.toString(PARTITIONS),
                    "--progress", "plain", "--provider", "custom", "--solver-url", simulator.baseUrl().toString(),
                    "--ledger-window", Integer.toString(LEDGER_WINDOW), "--max-paid-submits", Integer.toString(MAX_PAID_SUBMITS),
                    // Slow enough that the batch outlives every kill, fast enough to finish in the last run.
                    "--submit-rate", "8", "--retry-tiers", "200ms,400ms,800ms,1600ms,3200ms",
                    "--poll-initial-delay", "300ms", "--poll-interval", "300ms", "--session-timeout", "6s");
            Map<String, String> env = Map.of("CAPTCHA_API_KEY", "k-test");
            for (int i = 1; i <= kills; i++) {
                KillPoint point = KillPoint.values()[(i - 1) % KillPoint.values().length];
                try (ChildProcess local = launcher.start("local-" + i, TestJvm.options("-Xmx512m"), env, args)) {
                    point.await(new KillPoint.Run(local, simulator, state, TopicLayout.withDefaults(TopicLayout.DEFAULT_PREFIX).results(), PARTITIONS, random));
                    local.kill();
                }
                killsByPoint.merge(point, 1, Integer::sum);
            }
            try (ChildProcess last = launcher.start("local-last", TestJvm.options("-Xmx512m"), env, args)) {
                Optional<Integer> code = last.waitFor(Duration.ofMinutes(5));
                assertThat(code).as("exit code of the run after the last kill; log: %s", last.log()).contains(0);
                assertThat(last.out()).contains("Results: " + out + " (" + tasks + " outcomes).");
            }

            SimulatorStats stats = simulator.stats();
            long mostBilled = simulator.taskStats().values().stream().mapToLong(TaskStats::billedSubmits).max().orElse(0);
            long bound = (long) LEDGER_WINDOW * WORKERS * kills;
            BrokerState broker = brokerState(state);
            ResultsAudit.Snapshot audit = broker.results();
            List<Outcome> exported = read(out);
            run.report(String.format("tasks=%d kills=%d %s solved=%d several_terminal=%d billed_more_than_once=%d bound=%d"
                            + " (ledger %d x %d workers x kills) most_billed=%d accepted_submits=%d", tasks, kills, killsByPoint,
                    audit.count(OutcomeStatus.SOLVED), audit.withSeveralTerminalRecords(), stats.tasksBilledMoreThanOnce(), bound,
                    LEDGER_WINDOW, WORKERS, mostBilled, stats.acceptedSubmits()));

            assertThat(broker.openTransactions()).as("partitions holding a transaction nothing ended").isEmpty();
            assertThat(broker.stableTaskOffsets()).as("tasks partitions with a stable committed offset").hasSize(PARTITIONS);
            assertThat(audit.tasksSeen()).isEqualTo(tasks);
            assertThat(audit.count(OutcomeStatus.SOLVED)).as("tasks solved on the results topic").isEqualTo(tasks);
            assertThat(audit.withSeveralTerminalRecords()).as("tasks with more than one terminal outcome").isZero();
            assertThat(exported).hasSize(tasks).allSatisfy(o -> {
                assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED);
                assertThat(o.paidSubmits()).isBetween(1, MAX_PAID_SUBMITS);
            });
            assertThat(exported.stream().map(Outcome::taskId).distinct()).hasSize(tasks);
            assertThat(mostBilled).as("most submits billed for one task").isLessThanOrEqualTo(MAX_PAID_SUBMITS);
            assertThat(stats.tasksBilledMoreThanOnce()).as("tasks billed more than once").isLessThanOrEqualTo(bound);
        }
    }

    /** What the state directory's broker holds after the last run. */
    private record BrokerState(ResultsAudit.Snapshot results, List<String> openTransactions, Set<TopicPartition> stableTaskOffsets) {
    }

    /**
     * Reads, from the state directory's broker started once more: every committed record of the batch on the
     * results topic, the partitions still holding an open transaction, and which tasks partitions have a
     * stable committed offset in the worker group.
     */
    private static BrokerState brokerState(Path state) throws Exception {
        TopicLayout layout = TopicLayout.withDefaults(TopicLayout.DEFAULT_PREFIX);
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(state).build());
             ResultsAudit audit = new FleetKafka(broker.bootstrapServers(), layout).audit(BATCH);
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Set<TopicPartition> stable = BrokerTransactions.stableOffsets(admin, layout.workerGroup()).keySet().stream()
                    .filter(tp -> tp.topic().equals(layout.tasks())).collect(Collectors.toSet());
            return new BrokerState(audit.catchUp(), BrokerTransactions.open(admin), stable);
        }
    }

    private static List<Outcome> read(Path results) throws Exception {
        List<Outcome> outcomes = new ArrayList<>();
        for (String line : Files.readAllLines(results)) {
            outcomes.add(OutcomeCodec.read(line.getBytes(StandardCharsets.UTF_8)));
        }
        return outcomes;
    }
}
