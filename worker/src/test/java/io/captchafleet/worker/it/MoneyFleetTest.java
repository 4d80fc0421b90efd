package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.model.Verdict;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.VerdictCodec;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.ReportCounts;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.worker.solver.Cost;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Spend caps and reports on a real broker with the simulator over HTTP and two worker processes. */
@ExtendWith(KafkaClusterExtension.class)
class MoneyFleetTest {
    private static final BigDecimal PRICE = new BigDecimal("0.01");

    private static SimulatorSettings simulator() {
        return SimulatorSettings.builder().latency(Latency.uniform(Duration.ofMillis(300), Duration.ofMillis(700))).price(PRICE)
                .seed(14).build();
    }

    private static BigDecimal spent(Map<String, Outcome> outcomes, String batch) {
        return outcomes.values().stream().filter(o -> o.batch().equals(batch) && o.cost() != null).map(Outcome::cost)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static List<TaskRecord> capped(String batch, int n, BigDecimal cap) {
        return FleetHarness.tasks(batch, n).stream().map(t -> TaskRecord.first(batch, t.taskId().substring(batch.length() + 1),
                t.index(), t.taskData(), cap, null)).toList();
    }

    @Test
    void aCappedBatchStopsWithinItsCapWhileAnotherFinishesAndARaisedCapFinishesIt(TestKafka kafka) {
        try (FleetHarness fleet = new FleetHarness(kafka, simulator(), 4)) {
            // Single-id polls with get2: every answer says its price. Each worker learns it from one task first.
            fleet.startWithProfile("w-1", p -> p.withMultiIdPolling(false));
            List<TaskRecord> cappedTasks = capped("capped", 40, new BigDecimal("0.20"));
            List<TaskRecord> free = FleetHarness.tasks("free", 20);
            fleet.topics.publish(cappedTasks);
            fleet.topics.publish(free);
            // The second worker joins while the first is spending: the partitions and their spend move between them.
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.simulator.stats().acceptedSubmits() >= 10);
            fleet.startWithProfile("w-2", p -> p.withMultiIdPolling(false));

            fleet.awaitTerminal(free, Duration.ofMinutes(1));
            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.simulator.stats().acceptedSubmits() >= 20 + 10
                    || spent(fleet.topics.latestOutcomes(), "capped").compareTo(new BigDecimal("0.14")) >= 0);
            // Let anything on the wire land, then read where the capped batch stopped.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(30)).until(() -> fleet.topics.latestOutcomes().values()
                    .stream().noneMatch(o -> o.status() == OutcomeStatus.IN_FLIGHT));
            Map<String, Outcome> atCap = fleet.topics.latestOutcomes();
            long cappedSolved = atCap.values().stream().filter(o -> o.batch().equals("capped") && o.status() == OutcomeStatus.SOLVED).count();
            System.out.printf("money: capped batch stopped at %d solved, spent %s of 0.20; billed in all %d%n", cappedSolved,
                    spent(atCap, "capped"), fleet.simulator.stats().acceptedSubmits());
            assertThat(spent(atCap, "capped")).as("never past the cap (price known, cap not lowered)").isLessThanOrEqualTo(new BigDecimal("0.20"));
            assertThat(cappedSolved).isBetween(10L, 20L);
            assertThat(fleet.simulator.stats().acceptedSubmits()).isEqualTo(20 + cappedSolved);
            assertThat(atCap.values()).filteredOn(o -> o.status() == OutcomeStatus.SOLVED).allSatisfy(o -> {
                assertThat(o.cost()).isEqualByComparingTo(PRICE);
                assertThat(o.costSource()).isEqualTo(Cost.API);
            });

            fleet.topics.publishRaw(List.of(new ProducerRecord<>(fleet.layout.fatalErrors(), "fleet".getBytes(StandardCharsets.UTF_8),
                    FleetEventCodec.write(FleetEvent.cap("capped", new BigDecimal("1.00"), "test", Instant.now())))));
            Map<String, Outcome> done = fleet.awaitTerminal(cappedTasks, Duration.ofMinutes(1));
            assertThat(done.values()).filteredOn(o -> o.batch().equals("capped")).hasSize(40)
                    .allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(fleet.simulator.stats().tasksBilledMoreThanOnce()).isZero();
        }
    }

    @Test
    void everyVerdictIsReportedOnceAcrossAWorkerKillAndADuplicateReport(TestKafka kafka) {
        try (FleetHarness fleet = new FleetHarness(kafka, simulator(), 3)) {
            FleetHarness.Running victim = fleet.start("victim");
            List<TaskRecord> tasks = fleet.solveBatch("judged", 30);
            List<ProducerRecord<byte[], byte[]>> verdicts = tasks.stream().map(t -> new ProducerRecord<>(fleet.layout.verdicts(),
                    t.taskId().getBytes(StandardCharsets.UTF_8),
                    VerdictCodec.write(new Verdict(t.taskId(), Verdict.Kind.BAD, "test", null)))).collect(Collectors.toList());

            fleet.topics.publishRaw(verdicts.subList(0, 15));
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .filter(o -> "OK_REPORT_RECORDED".equals(o.reportResult())).count() == 15);
            fleet.topics.publishRaw(verdicts.subList(15, 30));
            await().atMost(Duration.ofSeconds(30)).until(() -> fleet.simulator.stats().badReports() >= 16);
            victim.crash(); // while the second half is being reported
            fleet.start("survivor");
            fleet.topics.publishRaw(verdicts); // the command run again, for all of them

            await().atMost(Duration.ofMinutes(1)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .allMatch(o -> o.reportResult() != null && !"sending".equals(o.reportResult())));
            Map<String, Outcome> outcomes = fleet.topics.latestOutcomes();
            Map<String, ReportCounts> reports = fleet.simulator.reports();
            long unconfirmed = outcomes.values().stream().filter(o -> "unconfirmed".equals(o.reportResult())).count();
            System.out.printf("reports: %d verdicts twice, a kill; %d reported, %d unconfirmed%n", tasks.size(), reports.size(), unconfirmed);
            assertThat(reports.values()).as("no answer reported twice").allSatisfy(c -> assertThat(c).isEqualTo(new ReportCounts(1, 0)));
            assertThat(outcomes.values()).allSatisfy(o -> {
                assertThat(o.report()).isEqualTo("bad");
                assertThat(o.reportResult()).isIn("OK_REPORT_RECORDED", "unconfirmed");
            });
            assertThat(outcomes.values()).filteredOn(o -> "OK_REPORT_RECORDED".equals(o.reportResult())).hasSizeGreaterThanOrEqualTo(15)
                    .allSatisfy(o -> assertThat(reports).containsKey(o.solverTaskId()));
            assertThat(reports.size()).isBetween((int) (tasks.size() - unconfirmed), tasks.size());
        }
    }
}
