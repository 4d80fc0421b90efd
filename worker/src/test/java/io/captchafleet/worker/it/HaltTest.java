package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.sandbox.simulator.SimulatorStats;
import io.captchafleet.worker.halt.FleetEventPublisher;
import io.captchafleet.worker.kafka.KafkaClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class HaltTest {
    private static final int MAX_CONCURRENT_SUBMITS = 4;

    @Test
    void anEmptyBalanceHaltsEveryWorkerAndAResumeAfterARefillFinishesTheBatch(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(300), Duration.ofMillis(800))).balance(150).seed(3).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 6)) {
            List<FleetHarness.Running> workers = List.of(
                    fleet.start("h1", b -> b, s -> s.maxConcurrentSubmits(MAX_CONCURRENT_SUBMITS)),
                    fleet.start("h2", b -> b, s -> s.maxConcurrentSubmits(MAX_CONCURRENT_SUBMITS)),
                    fleet.start("h3", b -> b, s -> s.maxConcurrentSubmits(MAX_CONCURRENT_SUBMITS)));
            List<TaskRecord> tasks = FleetHarness.tasks("halt", 400);
            fleet.topics.publish(tasks);

            // The balance runs out: every worker halts.
            await().atMost(Duration.ofSeconds(60)).until(() -> workers.stream().allMatch(w -> w.process().halted()));
            List<FleetEvent> events = fleetEvents(fleet);
            assertThat(events).isNotEmpty();
            assertThat(events.get(0).type()).isEqualTo(FleetEventType.FATAL);
            assertThat(events.get(0).code()).isEqualTo("ERROR_ZERO_BALANCE");

            // Once halted, no worker starts a submit: the empty-balance answers are only those of submits
            // that were already on the wire when the first one came back (at most the concurrency limit each).
            SimulatorStats atHalt = fleet.simulator.stats();
            assertThat(atHalt.acceptedSubmits()).isEqualTo(150);
            assertThat(atHalt.rejectedSubmits()).isLessThanOrEqualTo(workers.size() * MAX_CONCURRENT_SUBMITS);
            // Paid tasks are still polled to the end while halted.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fleet.topics.latestOutcomes().values().stream()
                    .collect(Collectors.groupingBy(Outcome::status, Collectors.counting()))).containsEntry(OutcomeStatus.SOLVED, 150L));
            SimulatorStats stillHalted = fleet.simulator.stats();
            assertThat(stillHalted.rejectedSubmits()).isEqualTo(atHalt.rejectedSubmits());
            assertThat(stillHalted.acceptedSubmits()).isEqualTo(150);

            // An operator refills and resumes: the batch finishes, nothing lost, nothing paid twice.
            fleet.simulator.refill(1000);
            try (FleetEventPublisher ops = new FleetEventPublisher(KafkaSettings.of(kafka.bootstrapServers()),
                    fleet.layout.fatalErrors(), KafkaClients.real(), "ops")) {
                ops.publish(FleetEvent.resume("refilled", "ops", Instant.now()));
            }
            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));
            SimulatorStats end = fleet.simulator.stats();
            System.out.printf("halt: rejected at halt %d, accepted %d, billed twice %d%n", atHalt.rejectedSubmits(),
                    end.acceptedSubmits(), end.tasksBilledMoreThanOnce());
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(end.tasksBilledMoreThanOnce()).isZero();
            assertThat(end.acceptedSubmits()).isEqualTo(400);
        }
    }

    @Test
    void aFleetEventOfANewerVersionHaltsTheWorkersAndSaysWhichOne(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100))).seed(8).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 2);
             org.apache.kafka.clients.producer.KafkaProducer<byte[], byte[]> raw = new org.apache.kafka.clients.producer.KafkaProducer<>(
                     java.util.Map.of("bootstrap.servers", kafka.bootstrapServers()),
                     new org.apache.kafka.common.serialization.ByteArraySerializer(),
                     new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            FleetHarness.Running worker = fleet.start("n1");
            await().atMost(Duration.ofSeconds(30)).until(() -> !worker.process().halted());

            raw.send(new org.apache.kafka.clients.producer.ProducerRecord<>(fleet.layout.fatalErrors(), 0, "fleet".getBytes(),
                    "{\"v\":2,\"type\":\"FATAL\",\"at\":\"2026-12-01T00:00:00Z\"}".getBytes())).get();

            await().atMost(Duration.ofSeconds(30)).until(() -> worker.process().halted());
            assertThat(worker.process().haltReason().orElseThrow()).endsWith("by the fleet event at offset 0, which cannot be read"
                    + " (fleet event: version 2 is newer than this reader understands (1); upgrade captcha-fleet to read it)");
        }
    }

    @Test
    void aKeyRevokedWhilePaidTasksArePolledHaltsOncePerProcessAndTheWorkSettlesThenAResumeFinishesTheBatch(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.uniform(Duration.ofSeconds(4), Duration.ofSeconds(6)))
                .seed(21).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 4);
             FleetEventPublisher ops = new FleetEventPublisher(KafkaSettings.of(kafka.bootstrapServers()),
                     fleet.layout.fatalErrors(), KafkaClients.real(), "ops")) {
            // An operator halted and resumed this fleet before: requests are stamped with that RESUME.
            ops.publish(FleetEvent.halt("earlier", "ops", Instant.now()));
            ops.publish(FleetEvent.resume("earlier", "ops", Instant.now()));
            List<FleetHarness.Running> workers = List.of(fleet.start("k1"), fleet.start("k2"));
            List<TaskRecord> tasks = FleetHarness.tasks("revoked", 60);
            fleet.topics.publish(tasks);
            await().atMost(Duration.ofSeconds(60)).until(() -> fleet.topics.latestOutcomes().values().stream()
                    .filter(o -> o.status() == OutcomeStatus.IN_FLIGHT).count() == tasks.size());

            fleet.simulator.setKey("a-rotated-key"); // every poll now answers ERROR_WRONG_USER_KEY

            await().atMost(Duration.ofSeconds(30)).until(() -> workers.stream().allMatch(w -> w.process().halted()));
            await("the paid polls that met the error wait for the RESUME and count as settled")
                    .atMost(Duration.ofSeconds(30)).until(() -> workers.stream().allMatch(w -> w.process().unsettledWork() == 0));
            await("no FATAL after FATAL").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                List<FleetEvent> fatals = fleetEvents(fleet).stream().filter(e -> e.type() == FleetEventType.FATAL).toList();
                assertThat(fatals).isNotEmpty().allSatisfy(e -> {
                    assertThat(e.code()).isEqualTo("ERROR_WRONG_USER_KEY");
                    assertThat(e.resumeOffset()).isEqualTo(1);
                });
                assertThat(fatals.stream().collect(Collectors.groupingBy(FleetEvent::worker, Collectors.counting())))
                        .allSatisfy((worker, n) -> assertThat(n).as("FATALs from %s", worker).isEqualTo(1));
            });

            fleet.simulator.setKey(null);
            ops.publish(FleetEvent.resume("key fixed", "ops", Instant.now()));
            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));
            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(fleet.simulator.stats().tasksBilledMoreThanOnce()).isZero();
        }
    }

    private static List<FleetEvent> fleetEvents(FleetHarness fleet) {
        return fleet.topics.records(fleet.layout.fatalErrors()).stream().map(r -> FleetEventCodec.read(r.value())).toList();
    }
}
