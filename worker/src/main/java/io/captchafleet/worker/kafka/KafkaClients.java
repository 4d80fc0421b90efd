package io.captchafleet.worker.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates the worker's Kafka clients. The seam through which a test reaches edge cases a real broker
 * cannot produce on demand; production uses {@link #real()}. Records are bytes: decoding happens in
 * the loop, so an unreadable record becomes a dead letter instead of a poll that throws.
 */
public interface KafkaClients {

    Consumer<byte[], byte[]> consumer(Map<String, Object> config);

    Producer<byte[], byte[]> producer(Map<String, Object> config);

    static KafkaClients real() {
        return new KafkaClients() {
            @Override
            public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
                return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
            }

            @Override
            public Producer<byte[], byte[]> producer(Map<String, Object> config) {
                return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
            }
        };
    }
}
