package io.captchafleet.producer.kafka;

import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer without a group whose {@link #close()} does not wait. Such a consumer has no offsets to commit
 * and no group to leave; all a waiting close would do is sit out the fetch it sent ahead, which the broker
 * holds for up to {@code fetch.max.wait.ms} (500 ms by default) when the partitions have nothing new. Every
 * command that reads a topic to its end and closes the reader paid that half second, several times over.
 */
final class GrouplessReader extends KafkaConsumer<byte[], byte[]> {
    GrouplessReader(Map<String, Object> config) {
        super(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @Override
    public void close() {
        close(CloseOptions.timeout(Duration.ZERO));
    }
}
