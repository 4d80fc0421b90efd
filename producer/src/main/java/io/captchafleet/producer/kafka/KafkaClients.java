package io.captchafleet.producer.kafka;

import java.time.Duration;
import java.util.Map;

import io.captchafleet.common.config.KafkaSettings;
import io.captchafleet.common.topics.TopicSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Makes the Kafka clients of the producer side, with the settings correctness depends on applied on
 * top of the user's client properties. An interface so that a test can hand out a client that fails
 * at a chosen moment. The caller owns (and closes) every client it gets.
 */
public interface KafkaClients {

    /** A transactional producer ({@code acks=all}, idempotent); the caller calls initTransactions. */
    Producer<byte[], byte[]> transactionalProducer(String transactionalId, Duration transactionTimeout);

    /** An idempotent producer that never writes inside a transaction: fleet events. */
    Producer<byte[], byte[]> idempotentProducer();

    /**
     * A consumer without a group, reading only committed records; the caller assigns partitions. Closing it
     * does not wait for the fetch it may have sent ahead.
     */
    Consumer<byte[], byte[]> reader();

    /** A read_committed consumer in {@code groupId} that never commits by itself. */
    Consumer<byte[], byte[]> groupReader(String groupId);

    Admin admin();

    /** Clients for the cluster {@code settings} describe. */
    static KafkaClients of(KafkaSettings settings) {
        return new Default(settings);
    }

    /** The real clients. */
    final class Default implements KafkaClients {
        private final KafkaSettings settings;

        private Default(KafkaSettings settings) {
            this.settings = settings;
        }

        @Override
        public Producer<byte[], byte[]> transactionalProducer(String transactionalId, Duration transactionTimeout) {
            Map<String, Object> config = producerConfig();
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) transactionTimeout.toMillis());
            return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        }

        @Override
        public Producer<byte[], byte[]> idempotentProducer() {
            return new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer());
        }

        private Map<String, Object> producerConfig() {
            return settings.clientConfig(Map.of(
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    // Image tasks are large: the producer accepts what the topics accept.
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG, TopicSettings.DEFAULT_MAX_MESSAGE_BYTES,
                    ProducerConfig.LINGER_MS_CONFIG, 10,
                    ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"));
        }

        @Override
        public Consumer<byte[], byte[]> reader() {
            return new GrouplessReader(consumerConfig(Map.of()));
        }

        @Override
        public Consumer<byte[], byte[]> groupReader(String groupId) {
            return new KafkaConsumer<>(consumerConfig(Map.of(ConsumerConfig.GROUP_ID_CONFIG, groupId)),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        private Map<String, Object> consumerConfig(Map<String, Object> extra) {
            Map<String, Object> config = settings.clientConfig(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024));
            config.putAll(extra);
            return config;
        }

        @Override
        public Admin admin() {
            return Admin.create(settings.clientConfig());
        }
    }
}
