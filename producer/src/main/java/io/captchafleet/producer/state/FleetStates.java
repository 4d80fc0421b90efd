package io.captchafleet.producer.state;

import java.time.Instant;
import java.util.List;

import io.captchafleet.common.fleet.FleetState;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.common.serde.RecordFormatException;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.producer.kafka.KafkaClients;
import io.captchafleet.producer.kafka.TopicScan;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fleet's halt state now: every event of the fatal-errors topic folded in offset order. */
public final class FleetStates {
    private static final Logger log = LoggerFactory.getLogger(FleetStates.class);

    private FleetStates() {
    }

    public static FleetState read(KafkaClients clients, TopicLayout layout) {
        FleetState[] state = {FleetState.initial()};
        try (Consumer<byte[], byte[]> consumer = clients.reader()) {
            TopicScan.fromBeginning(consumer, List.of(layout.fatalErrors())).toEnd(r -> {
                try {
                    state[0] = state[0].apply(r.offset(), FleetEventCodec.read(r.value()));
                } catch (RecordFormatException e) {
                    // Never treated as absent: it may be a FATAL this reader cannot see (the workers halt on it too).
                    log.warn("Unreadable fleet event at {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
                    state[0] = state[0].unreadable(r.offset(), Instant.ofEpochMilli(r.timestamp()), e.getMessage());
                }
            });
        }
        return state[0];
    }
}
