package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.common.topics.DeadLetterHeaders;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hole 8 on a real broker: a results topic whose {@code max.message.bytes} is smaller than a task's
 * outcome. The broker refuses that record in every transaction it is in; the worker turns it into a
 * dead letter with the reason, writes the outcome without its task data, and the batch finishes.
 */
@ExtendWith(KafkaClusterExtension.class)
class RefusedRecordFleetTest {

    @Test
    void anOutcomeTooLargeForTheResultsTopicBecomesADeadLetterAndTheBatchFinishes(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(300))).seed(5).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 2)) {
            fleet.topics.alterTopic(fleet.layout.results(), "max.message.bytes", "4096");
            fleet.start("r1");
            List<TaskRecord> tasks = new ArrayList<>(FleetHarness.tasks("sized", 20));
            byte[] noise = new byte[6000];
            new Random(3).nextBytes(noise);
            ObjectNode bulky = Json.object().put("method", "userrecaptcha").put("sitekey", "6Le-test-key")
                    .put("pageurl", "https://example.test/sized/bulky").put("note", Base64.getEncoder().encodeToString(noise));
            TaskRecord big = TaskRecord.first("sized", "bulky", 20, bulky);
            tasks.add(big);
            fleet.topics.publish(tasks);

            Map<String, Outcome> outcomes = fleet.awaitTerminal(tasks, Duration.ofMinutes(1));

            assertThat(outcomes.values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
            assertThat(outcomes.get(big.taskId()).taskData().get("omitted").asText()).endsWith("bytes exceeds the record limit");
            List<ConsumerRecord<byte[], byte[]>> deadLetters = fleet.topics.records(fleet.layout.deadLetter());
            assertThat(deadLetters).isNotEmpty().allSatisfy(r -> {
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(big.taskId());
                assertThat(header(r, DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo(fleet.layout.results());
                assertThat(header(r, DeadLetterHeaders.REASON)).startsWith("refused by Kafka: ")
                        .contains("RecordTooLargeException");
            });
        }
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
