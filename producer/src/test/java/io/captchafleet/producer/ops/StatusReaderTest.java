package io.captchafleet.producer.ops;

import static io.captchafleet.common.model.OutcomeStatus.FAILED;
import static io.captchafleet.common.model.OutcomeStatus.IN_FLIGHT;
import static io.captchafleet.common.model.OutcomeStatus.RETRYING;
import static io.captchafleet.common.model.OutcomeStatus.SOLVED;
import static io.captchafleet.producer.TestFleet.outcome;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.InputException;
import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class StatusReaderTest {
    private TestFleet fleet;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = new TestFleet(kafka);
    }

    @Test
    void countsTheLatestOutcomeOfEveryTaskAgainstTheManifest() {
        fleet.submit("b1", 10);
        fleet.write(outcome("b1", 1, IN_FLIGHT, null), outcome("b1", 1, SOLVED, null), outcome("b1", 2, SOLVED, null),
                outcome("b1", 3, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"), outcome("b1", 4, FAILED, "ERROR_CAPTCHA_UNSOLVABLE"),
                outcome("b1", 5, FAILED, "ERROR_PAGEURL"), outcome("b1", 6, IN_FLIGHT, null), outcome("b1", 7, RETRYING, "ERROR_NO_SLOT_AVAILABLE"));

        StatusReport r;
        try (StatusReader reader = new StatusReader(fleet.clients, fleet.layout, Optional.of("b1"))) {
            r = reader.read();
        }

        assertThat(r.batches()).singleElement().satisfies(b -> {
            assertThat(b.manifest().total()).isEqualTo(10);
            assertThat(b.solved()).isEqualTo(2);
            assertThat(b.failed()).isEqualTo(3);
            assertThat(b.failedByError()).containsExactly(Map.entry("ERROR_CAPTCHA_UNSOLVABLE", 2L), Map.entry("ERROR_PAGEURL", 1L));
            assertThat(b.inFlight()).isEqualTo(1);
            assertThat(b.retrying()).isEqualTo(1);
            assertThat(b.pending()).isEqualTo(3);
            assertThat(b.paidSubmits()).isEqualTo(7);
            assertThat(b.finished()).isFalse();
        });
        assertThat(r.fleet().halted()).isFalse();
        assertThat(r.workers().members()).isEmpty();
        // Lag is in offsets, as Kafka counts it: the submit's commit markers take one per partition.
        long lag = r.workers().totalLag();
        assertThat(lag).isBetween(10L, 12L);
        String text = StatusText.render(r, false);
        assertThat(text).startsWith("Fleet: running\nWorkers: none live; lag " + lag + " (" + fleet.layout.tasks() + " " + lag
                + ")\n\nBatch b1 (generation 1, from stdin, submitted ");
        assertThat(text).contains("  total 10, solved 2, failed 3 (ERROR_CAPTCHA_UNSOLVABLE 2, ERROR_PAGEURL 1), in flight 1, retrying 1, pending 3\n"
                + "  paid submits 7, rate ");
        ObjectNode json = StatusJson.render(r);
        assertThat(json.get("batches").get(0).get("failed_by_error").toString()).isEqualTo("{\"ERROR_CAPTCHA_UNSOLVABLE\":2,\"ERROR_PAGEURL\":1}");
        assertThat(json.get("batches").get(0).get("pending").asLong()).isEqualTo(3);
        assertThat(json.get("fleet").get("halted").asBoolean()).isFalse();
    }

    @Test
    void showsWhoHaltedTheFleetAndSince() {
        fleet.submit("b1", 1);
        fleet.event(FleetEventType.FATAL, "ERROR_ZERO_BALANCE", "b1/1", "the balance is empty");

        StatusReport r;
        try (StatusReader reader = new StatusReader(fleet.clients, fleet.layout, Optional.empty())) {
            r = reader.read();
        }

        assertThat(StatusText.render(r, false)).startsWith("Fleet: halted since 2026-11-29T20:10:00.000Z by ERROR_ZERO_BALANCE (task b1/1)"
                + " from w-1: the balance is empty\n");
        ObjectNode json = StatusJson.render(r);
        assertThat(json.get("fleet").get("code").asText()).isEqualTo("ERROR_ZERO_BALANCE");
        assertThat(json.get("fleet").get("since").asText()).isEqualTo("2026-11-29T20:10:00.000Z");
    }

    @Test
    void laterReadsTakeInOnlyWhatIsNewAndSeeTheBatchFinish() {
        fleet.submit("b1", 2);
        fleet.write(outcome("b1", 1, SOLVED, null));
        try (StatusReader reader = new StatusReader(fleet.clients, fleet.layout, Optional.empty())) {
            assertThat(reader.read().finished()).isFalse();
            fleet.write(outcome("b1", 2, FAILED, "ERROR_PAGEURL"));
            StatusReport r = reader.read();
            assertThat(r.finished()).isTrue();
            assertThat(StatusText.render(r, true)).contains("  [##############################] 100%\n", ", ETA done\n");
        }
    }

    @Test
    void anUnknownBatchOrAMissingFleetIsAUsageError(TestKafka kafka) {
        fleet.submit("b1", 1);
        assertThatThrownBy(() -> new StatusReader(fleet.clients, fleet.layout, Optional.of("nope")))
                .isInstanceOf(InputException.class)
                .hasMessage("Unknown batch \"nope\": no batch with that id was submitted (known: b1)");
        TopicLayout empty = TopicLayout.withDefaults(kafka.newTopicPrefix());
        assertThatThrownBy(() -> new StatusReader(KafkaClients.of(KafkaSettings.of(kafka.bootstrapServers())), empty, Optional.empty()))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("No fleet under --topic-prefix " + empty.prefix() + " on this cluster: " + empty.tasks() + ", ")
                .hasMessageEndingWith(" do not exist. Submit a batch first, or check --topic-prefix and --bootstrap-servers.");
    }
}
