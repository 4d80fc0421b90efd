package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.cli.fleet.ChildProcess;
import io.captchafleet.cli.fleet.Fleet;
import io.captchafleet.cli.fleet.FleetSettings;
import io.captchafleet.cli.fleet.ResultsAudit;
import io.captchafleet.cli.fleet.WorkerNode;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskIds;
import io.captchafleet.producer.kafka.TopicScan;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The life of a batch with the real jar as processes: {@code cancel} mid-batch stops the submits within a
 * bound (each worker's ledger window, plus what its submit rate allows in the second it takes to read the
 * event); a worker SIGKILLed after the cancel leaves its paid tasks to the other, which polls them to their
 * answer, while every unpaid task ends {@code CANCELLED}; {@code purge} then deletes every outcome, the workers
 * forget the batch, and a worker restarted after the purge restores without resurrecting any of it.
 */
class BatchLifeProcessIT {
    private static final int TASKS = 300;
    private static final int LEDGER_WINDOW = 4;
    private static final int SUBMIT_RATE = 15;
    private static final String BATCH = "life";

    @TempDir
    Path dir;

    @Test
    void aCancelledBatchEndsAcrossAWorkerKillAndItsPurgeFreesItEverywhere() throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofSeconds(2), Duration.ofSeconds(4))).seed(15)
                .build();
        FleetSettings settings = TestJvm.quickWorkers(FleetSettings.fast(sim)).withWorkerFlag("--ledger-window", Integer.toString(LEDGER_WINDOW))
                .withWorkerFlag("--submit-rate", Integer.toString(SUBMIT_RATE));
        try (Fleet fleet = Fleet.start(dir, settings)) {
            List<WorkerNode> workers = fleet.startWorkers("life", 2, Map.of());
            fleet.submit(BATCH, TASKS);
            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.simulator().stats().acceptedSubmits() >= 60);

            ChildProcess cancel = fleet.runCommand(Duration.ofMinutes(1), "cancel", "--batch", BATCH, "--reason", "wrong site key");
            long atCancel = fleet.simulator().stats().acceptedSubmits();
            workers.get(0).kill(); // its paid tasks are left to the other worker
            try (ResultsAudit audit = fleet.kafka().audit(BATCH)) {
                await().atMost(Duration.ofMinutes(2)).until(() -> audit.catchUp().terminal() == TASKS);
                ResultsAudit.Snapshot end = audit.catchUp();
                SimulatorStats stats = fleet.simulator().stats();
                System.out.printf("LIFE tasks=%d accepted_at_cancel=%d accepted_after=%d solved=%d cancelled=%d billed_twice=%d%n", TASKS,
                        atCancel, stats.acceptedSubmits() - atCancel, end.count(OutcomeStatus.SOLVED),
                        end.failedByError().getOrDefault("CANCELLED", 0L), stats.tasksBilledMoreThanOnce());

                assertThat(cancel.exitCode()).as(String.join("\n", cancel.out())).isZero();
                assertThat(stats.acceptedSubmits() - atCancel).as("submits after the cancel")
                        .isLessThanOrEqualTo(2L * (LEDGER_WINDOW + SUBMIT_RATE));
                assertThat(stats.acceptedSubmits()).as("the cancel stopped the batch").isLessThan(TASKS);
                assertThat(end.count(OutcomeStatus.FAILED) + end.count(OutcomeStatus.SOLVED)).isEqualTo(TASKS);
                assertThat(end.failedByError()).containsOnlyKeys("CANCELLED");
                // Every paid task is polled to its answer, but a paid submit the killed worker had not recorded yet.
                assertThat(end.count(OutcomeStatus.SOLVED)).isBetween(stats.acceptedSubmits() - LEDGER_WINDOW, stats.acceptedSubmits());
                assertThat(end.withSeveralTerminalRecords()).isZero();
            }

            ChildProcess purge = fleet.runCommand(Duration.ofMinutes(1), "purge", "--batch", BATCH);
            assertThat(purge.exitCode()).as(String.join("\n", purge.out())).isZero();
            await().atMost(Duration.ofSeconds(30)).until(() -> workers.get(1).metrics()
                    .map(m -> m.sum("captcha_fleet_tracked_tasks") == 0).orElse(false));
            assertThat(liveOutcomes(fleet)).as("outcomes of the batch left on the results topic").isZero();

            long billed = fleet.simulator().stats().acceptedSubmits();
            workers.get(0).start(); // restarted after the purge: it restores the partitions it gets back
            await().atMost(Duration.ofMinutes(1)).until(() -> workers.get(0).metrics()
                    .map(m -> m.sum("captcha_fleet_halted") == 0 && m.has("captcha_fleet_tracked_tasks")).orElse(false));
            ChildProcess status = fleet.runCommand(Duration.ofMinutes(1), "status", "--batch", BATCH);
            assertThat(String.join("\n", status.out())).contains("Batch " + BATCH + ": purged at ");
            assertThat(liveOutcomes(fleet)).isZero();
            assertThat(fleet.simulator().stats().acceptedSubmits()).isEqualTo(billed);
            for (WorkerNode w : workers) {
                assertThat(w.metrics().orElseThrow().sum("captcha_fleet_tracked_tasks")).as(w.instanceId()).isZero();
            }
        }
    }

    /** Keys of the batch whose newest record on the results topic is not a tombstone. */
    private static long liveOutcomes(Fleet fleet) {
        Map<String, Boolean> live = new HashMap<>();
        try (Consumer<byte[], byte[]> c = fleet.kafka().clients().reader()) {
            TopicScan.fromBeginning(c, List.of(fleet.kafka().layout().results())).toEnd(r -> {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                if (TaskIds.batchOf(key).equals(BATCH)) {
                    live.put(key, r.value() != null);
                }
            });
        }
        return live.values().stream().filter(v -> v).count();
    }
}
