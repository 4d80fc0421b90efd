package io.captchafleet.producer.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.TestFleet;
import io.captchafleet.producer.TopicRecords;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class FleetControlTest {
    private static final TopicSettings SETTINGS = TopicSettings.defaults().withPartitions(1);
    private TestFleet fleet;
    private FleetControl control;

    @BeforeEach
    void setUp(TestKafka kafka) {
        fleet = new TestFleet(kafka);
        control = new FleetControl(fleet.clients, fleet.layout, "operator@test");
    }

    @Test
    void haltThenResumeWriteFleetEventsAndReportTheState() {
        FleetControl.Change halted = control.halt("refilling the balance", SETTINGS);

        assertThat(halted.written()).isTrue();
        assertThat(halted.after().halted()).isTrue();
        assertThat(halted.after().describe()).matches("halted since \\S+ by an operator from operator@test: refilling the balance");

        FleetControl.Change resumed = control.resume("refilled");

        assertThat(resumed.after().halted()).isFalse();
        assertThat(resumed.before().halted()).isTrue();
        List<FleetEvent> events = TopicRecords.read(fleet.bootstrap, fleet.layout.fatalErrors()).stream()
                .map(r -> FleetEventCodec.read(r.value())).toList();
        assertThat(events).extracting(FleetEvent::type).containsExactly(FleetEventType.HALT, FleetEventType.RESUME);
        assertThat(events).extracting(FleetEvent::message).containsExactly("refilling the balance", "refilled");
        assertThat(events).extracting(FleetEvent::worker).containsOnly("operator@test");
    }

    @Test
    void resumeReleasesAFleetHaltedByAWorkersFatalError() {
        fleet.event(FleetEventType.FATAL, "ERROR_ZERO_BALANCE", "b/1", "empty");

        FleetControl.Change resumed = control.resume(null);

        assertThat(resumed.before().describe()).startsWith("halted since 2026-11-29T20:10:00.000Z by ERROR_ZERO_BALANCE (task b/1)");
        assertThat(resumed.after().halted()).isFalse();
    }

    @Test
    void resumingARunningFleetWritesNothingAndSaysItIsRunning() {
        FleetControl.Change resumed = control.resume("why not");

        assertThat(resumed.written()).isFalse();
        assertThat(resumed.after().describe()).isEqualTo("running");
        assertThat(TopicRecords.read(fleet.bootstrap, fleet.layout.fatalErrors())).isEmpty();
    }

    @Test
    void haltingAHaltedFleetWritesNothingAndKeepsTheFirstCause() {
        control.halt("first", SETTINGS);

        FleetControl.Change again = control.halt("second", SETTINGS);

        assertThat(again.written()).isFalse();
        assertThat(again.after().describe()).endsWith(": first");
        assertThat(TopicRecords.read(fleet.bootstrap, fleet.layout.fatalErrors())).hasSize(1);
    }

    @Test
    void haltNeedsAReasonAndCreatesTheTopicsOfANewFleet(TestKafka kafka) {
        assertThatThrownBy(() -> control.halt(" ", SETTINGS))
                .hasMessage("Missing --reason: say why the fleet is halted, e.g. --reason \"refilling the balance\"");
        TopicLayout fresh = TopicLayout.withDefaults(kafka.newTopicPrefix());
        FleetControl onFresh = new FleetControl(KafkaClients.of(KafkaSettings.of(kafka.bootstrapServers())), fresh, "op");

        assertThat(onFresh.halt("before the first batch", SETTINGS).after().halted()).isTrue();
    }
}
