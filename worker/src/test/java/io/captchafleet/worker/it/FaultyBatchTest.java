package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class FaultyBatchTest {

    @Test
    void everyTaskEndsWithExactlyOneTerminalOutcomeAndNothingIsPaidTwiceUnderInjectedFaults(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(200), Duration.ofSeconds(1)))
                .faults(Faults.parse("no-slot=0.05,http-500=0.03,garbage=0.02,unsolvable=0.03"))
                .seed(7)
                .build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 6)) {
            fleet.start("w1");
            fleet.start("w2");
            fleet.start("w3");
            List<TaskRecord> tasks = FleetHarness.tasks("faulty", 2000);
            fleet.topics.publish(tasks);

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(3));

            assertThat(outcomes.keySet()).containsAll(tasks.stream().map(TaskRecord::taskId).toList());
            Map<OutcomeStatus, Long> byStatus = outcomes.values().stream()
                    .collect(Collectors.groupingBy(Outcome::status, Collectors.counting()));
            SimulatorStats stats = fleet.simulator.stats();
            System.out.printf("faulty batch: %s; simulator: accepted=%d billed>1=%d againAfterSuccess=%d unsolvable=%d faults=%s%n",
                    byStatus, stats.acceptedSubmits(), stats.tasksBilledMoreThanOnce(), stats.tasksBilledAgainAfterSuccess(),
                    stats.unsolvableAnswers(), stats.faultsInjected());
            // Nothing paid twice except where the simulator itself answered "unsolvable" (a legitimate retry).
            assertThat(stats.tasksBilledAgainAfterSuccess()).isZero();
            assertThat(stats.tasksBilledMoreThanOnce()).isLessThanOrEqualTo(stats.unsolvableAnswers());
            // Failures are only the twice-unsolvable ones.
            assertThat(outcomes.values()).filteredOn(o -> o.status() == OutcomeStatus.FAILED)
                    .allSatisfy(o -> assertThat(o.error()).isEqualTo("ERROR_CAPTCHA_UNSOLVABLE"));
            assertThat(outcomes.values()).filteredOn(o -> o.status() == OutcomeStatus.SOLVED)
                    .allSatisfy(o -> {
                        assertThat(o.token()).startsWith("SIMULATED");
                        assertThat(o.paidSubmits()).isBetween(1, 3);
                        assertThat(o.solvedAt()).isAfterOrEqualTo(o.submittedAt());
                    });
            // Exactly one terminal record per task, even before compaction.
            assertThat(fleet.topics.terminalRecordsPerTask().values()).allMatch(n -> n == 1);
            // The finished batch leaves no lag behind.
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fleet.topics.lag()).isZero());
        }
    }

    @Test
    void aWorkerJoiningMidBatchLeavesOneTerminalRecordPerTaskAndPaysNothingTwice(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofSeconds(2), Duration.ofSeconds(4)))
                .seed(13).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 6)) {
            fleet.start("j1");
            fleet.start("j2");
            List<TaskRecord> tasks = FleetHarness.tasks("join", 1200);
            fleet.topics.publish(tasks);
            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .filter(o -> o.status().terminal()).count() >= 240);
            fleet.start("j3");

            fleet.awaitTerminal(tasks, Duration.ofMinutes(2));

            Map<String, Integer> terminal = fleet.topics.terminalRecordsPerTask();
            SimulatorStats stats = fleet.simulator.stats();
            System.out.printf("join: tasks with several terminal records %d, billed twice %d%n",
                    terminal.values().stream().filter(n -> n > 1).count(), stats.tasksBilledMoreThanOnce());
            assertThat(terminal).hasSize(1200);
            assertThat(terminal.values()).allMatch(n -> n == 1);
            assertThat(stats.tasksBilledMoreThanOnce()).isZero();
        }
    }
}
