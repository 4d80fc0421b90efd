package io.captchafleet.worker.halt;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes fleet events with an idempotent, non-transactional producer (acks=all), so that no open
 * transaction can ever hide a FATAL from the other workers. Thread-safe (KafkaProducer is).
 */
public final class FleetEventPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetEventPublisher.class);
    private static final byte[] KEY = "fleet".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    public FleetEventPublisher(KafkaSettings kafka, String topic, KafkaClients clients, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-fleet-events");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = clients.producer(kafka.clientConfig(config));
        this.topic = topic;
    }

    /** Sends the event at once; failures are logged (the producer retries within its delivery time-out). */
    public void publish(FleetEvent event) {
        producer.send(new ProducerRecord<>(topic, 0, KEY, FleetEventCodec.write(event)), (metadata, error) -> {
            if (error != null) {
                log.error("Could not publish {} {} to {}: {}", event.type(), event.code(), topic, error.toString());
            } else {
                log.warn("Published {} {} for task {} at {}-{}@{}", event.type(), event.code(), event.taskId(), topic,
                        metadata.partition(), metadata.offset());
            }
        });
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
