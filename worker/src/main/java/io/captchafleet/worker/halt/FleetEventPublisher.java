package io.captchafleet.worker.halt;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.serde.FleetEventCodec;
import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes fleet events with an idempotent, non-transactional producer (acks=all), so that no open
 * transaction can ever hide a FATAL from the other workers. Events are sent from a thread of its own:
 * the caller (the solver's scheduler, on a fatal answer) never waits for Kafka, not even for metadata,
 * which that thread fetches once at start so the first FATAL goes out at once. Thread-safe.
 */
public final class FleetEventPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FleetEventPublisher.class);
    private static final byte[] KEY = "fleet".getBytes(StandardCharsets.UTF_8);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final ExecutorService sender;

    public FleetEventPublisher(KafkaSettings kafka, String topic, KafkaClients clients, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-fleet-events");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = clients.producer(kafka.clientConfig(config));
        this.topic = topic;
        this.sender = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fleet-events");
            t.setDaemon(true);
            return t;
        });
        sender.execute(this::warmUp);
    }

    /** Sends the event from the publisher's thread; failures are logged (the producer retries within its delivery time-out). */
    public void publish(FleetEvent event) {
        try {
            sender.execute(() -> send(event));
        } catch (RejectedExecutionException e) {
            log.error("Could not publish {} {}: the publisher is closed", event.type(), event.code());
        }
    }

    private void warmUp() {
        try {
            producer.partitionsFor(topic);
        } catch (KafkaException e) {
            log.debug("No metadata for {} yet: {}", topic, e.toString());
        }
    }

    private void send(FleetEvent event) {
        try {
            producer.send(new ProducerRecord<>(topic, 0, KEY, FleetEventCodec.write(event)), (metadata, error) -> {
                if (error != null) {
                    log.error("Could not publish {} {} to {}: {}", event.type(), event.code(), topic, error.toString());
                } else {
                    log.warn("Published {} {} for task {} at {}-{}@{}", event.type(), event.code(), event.taskId(), topic,
                            metadata.partition(), metadata.offset());
                }
            });
        } catch (KafkaException e) {
            log.error("Could not publish {} {} to {}: {}", event.type(), event.code(), topic, e.toString());
        }
    }

    /** Sends what was handed over (bounded), then closes the producer. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("Fleet events still being sent after 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
