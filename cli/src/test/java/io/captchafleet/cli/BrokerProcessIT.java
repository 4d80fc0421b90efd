package io.captchafleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code captcha-fleet broker} as a user runs it: start, create topics from another process, Ctrl-C, restart;
 * and SIGKILLed while transactions commit, then started again.
 */
class BrokerProcessIT {
    private static final int LOAD_PRODUCERS = 3;

    @Test
    void brokerKeepsItsTopicsAcrossASigtermAndARestartOnTheSameDirectory(@TempDir Path state) throws Exception {
        String address;
        try (JarProcess broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0")) {
            address = awaitReady(broker);
            try (JarProcess topics = JarProcess.start("topics", "create", "--bootstrap-servers", address, "--partitions", "2")) {
                assertThat(topics.waitFor(Duration.ofSeconds(60))).as(topics.err().toString()).isZero();
                assertThat(topics.output()).startsWith("Created 12 topics");
            }
            broker.terminate();
            assertThat(broker.waitFor(Duration.ofSeconds(30))).isIn(0, 143);
        }
        assertThat(Files.exists(state.resolve("broker.address"))).isFalse();

        try (JarProcess broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0")) {
            address = awaitReady(broker);
            try (JarProcess topics = JarProcess.start("topics", "create", "--bootstrap-servers", address, "--partitions", "2")) {
                assertThat(topics.waitFor(Duration.ofSeconds(60))).isZero();
                assertThat(topics.output()).isEqualTo("All 12 topics with prefix captcha exist and match; nothing changed.");
            }
            broker.terminate();
            broker.waitFor(Duration.ofSeconds(30));
        }
    }

    /**
     * A killed broker's metadata still makes it the leader of every partition; restarted on it, its transaction
     * coordinator used to end transactions at that stale epoch while their partitions looked leaderless, dropping
     * their markers: an open transaction nothing ended stayed on a data partition, and the group's offsets stayed
     * UNSTABLE_OFFSET_COMMIT (a consumer's position() timed out). Killed at several moments, the broker must come
     * back each time with every transaction ended and every acknowledged offset commit readable, stable.
     */
    @Test
    void aBrokerKilledWhileTransactionsCommitRestartsWithEveryTransactionEndedAndTheGroupsOffsetsStable(@TempDir Path state)
            throws Exception {
        Random random = new Random(7);
        JarProcess broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0");
        try {
            String address = awaitReady(broker);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", address))) {
                admin.createTopics(List.of(new NewTopic("load.in", LOAD_PRODUCERS, (short) 1), new NewTopic("load.out", LOAD_PRODUCERS,
                        (short) 1))).all().get(60, TimeUnit.SECONDS);
            }
            for (int kill = 1; kill <= 3; kill++) {
                Map<TopicPartition, Long> acknowledged;
                try (TransactionLoad load = TransactionLoad.start(address, "load.in", "load.out", LOAD_PRODUCERS)) {
                    long commits = 5 + random.nextInt(60);
                    await().atMost(Duration.ofMinutes(1)).until(() -> load.commits() >= commits);
                    broker.kill();
                    broker.waitFor(Duration.ofSeconds(30));
                    acknowledged = load.committedOffsets();
                }
                broker.close();
                broker = JarProcess.start("broker", "--data-dir", state.toString(), "--port", "0");
                address = awaitReady(broker);
                try (Admin admin = Admin.create(Map.of("bootstrap.servers", address))) {
                    await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                        Map<TopicPartition, OffsetAndMetadata> offsets = BrokerTransactions.stableOffsets(admin, TransactionLoad.GROUP);
                        assertThat(offsets.keySet()).as("input partitions whose committed offset is stable").containsAll(acknowledged.keySet());
                        acknowledged.forEach((tp, offset) -> assertThat(offsets.get(tp).offset()).as("offset of %s", tp)
                                .isGreaterThanOrEqualTo(offset));
                        assertThat(BrokerTransactions.open(admin)).as("partitions holding a transaction nothing ended").isEmpty();
                    });
                }
            }
            broker.terminate();
            broker.waitFor(Duration.ofSeconds(30));
        } finally {
            broker.close();
        }
    }

    private static String awaitReady(JarProcess broker) {
        await().atMost(Duration.ofSeconds(60)).until(() -> broker.output().contains("Kafka broker ready at "));
        String line = broker.out().stream().filter(l -> l.startsWith("Kafka broker ready at ")).findFirst().orElseThrow();
        return line.substring("Kafka broker ready at ".length(), line.indexOf(' ', "Kafka broker ready at ".length()));
    }
}
