package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.sandbox.simulator.TaskStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class CrashTest {
    private static final int LEDGER_WINDOW = 16;

    @Test
    void aCrashedWorkersRecordedTasksArePolledNotResubmittedAndDoublePaymentStaysInsideTheLedgerWindow(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofSeconds(2), Duration.ofSeconds(4))).seed(11).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 6)) {
            FleetHarness.Running victim = fleet.start("victim", b -> b.ledgerWindow(LEDGER_WINDOW), s -> s);
            fleet.start("survivor-1");
            fleet.start("survivor-2");
            List<TaskRecord> tasks = FleetHarness.tasks("crash", 600);
            fleet.topics.publish(tasks);

            // Crash the victim while it has paid, recorded tasks in flight.
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .anyMatch(o -> o.status() == OutcomeStatus.IN_FLIGHT && "victim".equals(o.worker())));
            victim.crash();
            Map<String, Outcome> atCrash = fleet.topics.latestOutcomes();
            Set<String> recordedByVictim = atCrash.values().stream()
                    .filter(o -> o.status() == OutcomeStatus.IN_FLIGHT && "victim".equals(o.worker()))
                    .map(Outcome::taskId).collect(Collectors.toSet());

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(3));

            SimulatorStats stats = fleet.simulator.stats();
            Map<String, TaskStats> perTask = fleet.simulator.taskStats();
            long recordedThenPaidAgain = recordedByVictim.stream()
                    .map(id -> perTask.get("https://example.test/crash/" + (Integer.parseInt(id.substring(id.indexOf('/') + 1)) - 1)))
                    .filter(t -> t != null && t.billedSubmits() > 1).count();
            System.out.printf("crash: %d tasks recorded in flight by the victim; tasks billed twice: %d (ledger window %d)%n",
                    recordedByVictim.size(), stats.tasksBilledMoreThanOnce(), LEDGER_WINDOW);
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(recordedByVictim).isNotEmpty();
            assertThat(recordedThenPaidAgain).as("recorded in_flight tasks were resubmitted").isZero();
            assertThat(stats.tasksBilledMoreThanOnce()).isLessThanOrEqualTo(LEDGER_WINDOW);
        }
    }

    @Test
    void recordsRedeliveredFromTheTasksTopicAndARetryTierAfterACrashAreHandledOnce(TestKafka kafka) {
        // Every first submit answers NO_SLOT... only for a while: the task moves to a retry tier, and its
        // original record stays unfinished on the tasks topic until the retrying outcome commits.
        SimulatorSettings sim = SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(200), Duration.ofMillis(600)))
                .faults(io.captchafleet.sandbox.simulator.Faults.parse("no-slot=0.5")).seed(5).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 3)) {
            FleetHarness.Running first = fleet.start("first");
            List<TaskRecord> tasks = FleetHarness.tasks("redelivery", 300);
            fleet.topics.publish(tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> !fleet.topics.retryRecords().isEmpty()
                    && fleet.topics.latestOutcomes().values().stream().anyMatch(o -> o.status() == OutcomeStatus.SOLVED));
            first.crash();
            fleet.simulator.setFaults(io.captchafleet.sandbox.simulator.Faults.none());
            fleet.start("second");

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));

            SimulatorStats stats = fleet.simulator.stats();
            System.out.printf("redelivery: retry records %d, billed twice %d%n", fleet.topics.retryRecords().size(),
                    stats.tasksBilledMoreThanOnce());
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            // Redelivered records were judged against the results topic: the only second payments are the
            // crashed worker's paid-but-unrecorded submits, which the ledger window bounds.
            assertThat(stats.tasksBilledMoreThanOnce()).isLessThanOrEqualTo(LEDGER_WINDOW);
        }
    }
}
