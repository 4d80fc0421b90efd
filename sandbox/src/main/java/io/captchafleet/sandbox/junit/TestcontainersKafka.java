package io.captchafleet.sandbox.junit;

import org.testcontainers.kafka.KafkaContainer;

/**
 * Starts the Testcontainers broker. Kept in its own class so that Testcontainers is loaded only when
 * asked for: the build machines have no Docker engine.
 */
final class TestcontainersKafka {
    /** Pinned to the Kafka version of the clients; docker-compose.yml pins the same image. */
    static final String IMAGE = "apache/kafka:4.1.1";

    private TestcontainersKafka() {
    }

    static KafkaClusterExtension.ClusterResource start() {
        KafkaContainer container = new KafkaContainer(IMAGE)
                .withEnv("KAFKA_TRANSACTION_ABORT_TIMED_OUT_TRANSACTION_CLEANUP_INTERVAL_MS", "1000")
                .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0")
                .withEnv("KAFKA_GROUP_MIN_SESSION_TIMEOUT_MS", "1000")
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        container.start();
        return new KafkaClusterExtension.ClusterResource(container.getBootstrapServers(), "testcontainers", container::stop);
    }
}
