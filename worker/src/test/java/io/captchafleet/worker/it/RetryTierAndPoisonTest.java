package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class RetryTierAndPoisonTest {

    @Test
    void retryRecordsAreNeverHandledBeforeTheirNotBeforeAndPoisonIsDeadLetteredWhileTheBatchFinishes(TestKafka kafka)
            throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder()
                .latency(Latency.uniform(Duration.ofMillis(100), Duration.ofMillis(300)))
                .faults(Faults.parse("no-slot=0.3")).seed(21).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 3)) {
            fleet.start("r1");
            List<TaskRecord> tasks = FleetHarness.tasks("tiers", 200);
            List<ProducerRecord<byte[], byte[]>> poison = new ArrayList<>();
            poison.add(new ProducerRecord<>(fleet.layout.tasks(), bytes("tiers/garbage"), bytes("{not json")));
            poison.add(new ProducerRecord<>(fleet.layout.tasks(), bytes("tiers/v2"), bytes("{\"v\":2}")));
            fleet.topics.publishRaw(poison);
            fleet.topics.publish(tasks);

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(2));

            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            // Every retried attempt was submitted no earlier than its record's not_before.
            List<TaskRecord> retries = fleet.topics.retryRecords();
            assertThat(retries).isNotEmpty();
            Map<String, Outcome> latest = fleet.topics.latestOutcomes();
            for (TaskRecord retry : retries) {
                Outcome o = latest.get(retry.taskId());
                if (o.attempt() == retry.attempt()) {
                    assertThat(o.submittedAt().toEpochMilli()).as("attempt %d of %s", retry.attempt(), retry.taskId())
                            .isGreaterThanOrEqualTo(retry.notBefore());
                }
            }
            // The poison records are dead letters with their reasons; the batch did not wait for them.
            List<ConsumerRecord<byte[], byte[]>> dead = fleet.topics.records(fleet.layout.deadLetter());
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder(
                            "task record: not valid JSON (Unexpected character ('n' (code 110)): was expecting double-quote to start field name at line 1, column 2)",
                            "task record: version 2 is newer than this reader understands (1); upgrade captcha-fleet to read it");
            assertThat(dead).allSatisfy(r -> assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.SOURCE_TOPIC).value(),
                    StandardCharsets.UTF_8)).isEqualTo(fleet.layout.tasks()));
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fleet.topics.lag()).isZero());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
