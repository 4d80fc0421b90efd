package io.captchafleet.worker.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.OutcomeCodec;
import io.captchafleet.common.topics.ResultHeaders;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class IdempotenceTest {

    @Test
    void theSameTasksPublishedAgainAreSkippedWithoutAnyApiCall(TestKafka kafka) throws Exception {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(200))).seed(1).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 3)) {
            fleet.start("i1");
            List<TaskRecord> tasks = fleet.solveBatch("twice", 100);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(fleet.topics.lag()).isZero());
            long requestsAfterFirstPass = fleet.simulator.stats().requestsTotal();

            fleet.topics.publish(tasks);

            // The second pass is consumed (lag back to zero) without a single request to the solver.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(fleet.topics.lag()).isZero());
            assertThat(fleet.simulator.stats().requestsTotal()).isEqualTo(requestsAfterFirstPass);
            assertThat(fleet.topics.latestOutcomes().values()).allSatisfy(o -> assertThat(o.status()).isEqualTo(OutcomeStatus.SOLVED));
        }
    }

    @Test
    void everyResultsRecordNamesItsWriterInAHeader(TestKafka kafka) {
        SimulatorSettings sim = SimulatorSettings.builder().latency(Latency.fixed(Duration.ofMillis(100))).seed(4).build();
        try (FleetHarness fleet = new FleetHarness(kafka, sim, 2)) {
            fleet.start("writer");
            List<TaskRecord> tasks = fleet.solveBatch("headers", 20);

            var records = fleet.topics.records(fleet.layout.results());
            assertThat(records).hasSizeGreaterThanOrEqualTo(2 * tasks.size()); // in_flight, then solved
            assertThat(records).allSatisfy(r -> {
                Header writer = r.headers().lastHeader(ResultHeaders.WORKER);
                assertThat(writer).isNotNull();
                assertThat(new String(writer.value(), StandardCharsets.UTF_8)).isEqualTo(OutcomeCodec.read(r.value()).worker())
                        .isEqualTo("writer");
            });
        }
    }
}
