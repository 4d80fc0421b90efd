package io.captchafleet.worker.pingback;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;

/**
 * Publishes received callbacks to the pingbacks topic, keyed by solver id, with an idempotent producer
 * outside any transaction (acks=all): a callback is there for every worker's follower as soon as the broker
 * acknowledges it, and no open transaction can hold it back. Thread-safe (Kafka's producer is).
 */
final class PingbackWriter implements PingbackReceiver.Publisher, AutoCloseable {
    /** A send waits at most this long for metadata or buffer space; the caller answers 503 after that. */
    private static final int MAX_BLOCK_MS = 5_000;

    private final Producer<byte[], byte[]> producer;
    private final String topic;

    PingbackWriter(KafkaSettings kafka, String topic, KafkaClients clients, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId + "-pingbacks");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
        this.producer = clients.producer(kafka.clientConfig(config));
        this.topic = topic;
    }

    @Override
    public CompletableFuture<Void> publish(PingbackRecord callback) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, callback.solverId().getBytes(StandardCharsets.UTF_8), callback.write()),
                    (metadata, error) -> {
                        if (error != null) {
                            acked.completeExceptionally(error);
                        } else {
                            acked.complete(null);
                        }
                    });
        } catch (KafkaException e) {
            acked.completeExceptionally(e);
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
