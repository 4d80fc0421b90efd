package io.captchafleet.sandbox.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(KafkaClusterExtension.class)
class EmbeddedKafkaBrokerTest {

    @Test
    void transactionalRecordsAreInvisibleToReadCommittedUntilCommitAndVanishOnAbort(TestKafka kafka) throws Exception {
        String topic = kafka.newTopicPrefix() + ".tx";
        createTopic(kafka.bootstrapServers(), new NewTopic(topic, 1, (short) 1));

        try (KafkaProducer<String, String> producer = transactionalProducer(kafka.bootstrapServers(), topic + "-tx");
             KafkaConsumer<String, String> consumer = readCommittedConsumer(kafka.bootstrapServers(), topic)) {
            producer.initTransactions();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "a", "aborted")).get();
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "b", "committed")).get();
            producer.flush();
            // Sent and acknowledged, but not committed: a read_committed reader sees nothing yet.
            assertThat(pollValues(consumer, Duration.ofSeconds(1))).isEmpty();

            producer.commitTransaction();
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                seen.addAll(pollValues(consumer, Duration.ofMillis(200)));
                assertThat(seen).containsExactly("committed");
            });
        }
    }

    @Test
    void compactedTopicKeepsTheLatestValuePerKey(TestKafka kafka) throws Exception {
        String topic = kafka.newTopicPrefix() + ".compacted";
        createTopic(kafka.bootstrapServers(), new NewTopic(topic, 1, (short) 1).configs(Map.of(
                "cleanup.policy", "compact",
                "segment.ms", "100",
                "min.cleanable.dirty.ratio", "0.01",
                "delete.retention.ms", "100")));

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int round = 1; round <= 3; round++) {
                for (String key : List.of("k1", "k2")) {
                    producer.send(new ProducerRecord<>(topic, key, key + "-v" + round)).get();
                }
            }
            // Compaction never touches the active segment: keep rolling it until the cleaner has run.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                producer.send(new ProducerRecord<>(topic, "roll", "x")).get();
                Map<String, List<String>> byKey = readAll(kafka.bootstrapServers(), topic);
                assertThat(byKey.get("k1")).containsExactly("k1-v3");
                assertThat(byKey.get("k2")).containsExactly("k2-v3");
            });
        }
    }

    @Test
    void restartOnTheSameDirectoryKeepsTopicsAndCommittedData(@TempDir Path dir) throws Exception {
        String topic = "persisted";
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dir).build())) {
            createTopic(broker.bootstrapServers(), new NewTopic(topic, 2, (short) 1));
            try (KafkaProducer<String, String> producer = transactionalProducer(broker.bootstrapServers(), "persist-tx")) {
                producer.initTransactions();
                producer.beginTransaction();
                producer.send(new ProducerRecord<>(topic, "k", "v")).get();
                producer.commitTransaction();
            }
        }
        // Kafka marks a cleanly stopped log directory, so a restart after Ctrl-C needs no fencing first (see UncleanRestart).
        assertThat(UncleanRestart.happened(dir.resolve("kafka-logs"))).as("unclean stop after a clean close").isFalse();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dir).build());
             Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).contains(topic);
            assertThat(readAll(broker.bootstrapServers(), topic)).containsEntry("k", List.of("v"));
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions())
                    .allSatisfy(p -> assertThat(p.leader()).isNotNull());
        }
    }

    @Test
    void clientsOfTheProxiedListenerAreToldTheProxysAddressAndOthersTheBrokersOwn() throws Exception {
        int proxyPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            proxyPort = s.getLocalPort();
        }
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().advertisedProxyPort(proxyPort).build())) {
            createTopic(broker.bootstrapServers(), new NewTopic("proxied", 1, (short) 1));
            assertThat(broker.proxiedListenerPort().getAsInt()).isNotIn(proxyPort, broker.port());
            // The first metadata answer comes from the bootstrap address itself: no proxy has to run for it.
            assertThat(leaderPort("127.0.0.1:" + broker.proxiedListenerPort().getAsInt(), "proxied")).isEqualTo(proxyPort);
            assertThat(leaderPort(broker.bootstrapServers(), "proxied")).isEqualTo(broker.port());
        }
    }

    private static int leaderPort(String bootstrap, String topic) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new StringDeserializer(), new StringDeserializer())) {
            return consumer.partitionsFor(topic, Duration.ofSeconds(30)).get(0).leader().port();
        }
    }

    @Test
    void anAdvertisedProxyPortOutsideThePortRangeIsRefusedByName() {
        assertThatThrownBy(() -> BrokerOptions.builder().advertisedProxyPort(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid value 0 for advertised proxy port: must be 1 to 65535");
        assertThat(BrokerOptions.ephemeral().advertisedProxyPort()).isEmpty();
    }

    private static void createTopic(String bootstrap, NewTopic topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(topic)).all().get();
        }
    }

    private static KafkaProducer<String, String> transactionalProducer(String bootstrap, String transactionalId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> readCommittedConsumer(String bootstrap, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer());
        TopicPartition tp = new TopicPartition(topic, 0);
        consumer.assign(Set.of(tp));
        consumer.seekToBeginning(Set.of(tp));
        return consumer;
    }

    private static List<String> pollValues(KafkaConsumer<String, String> consumer, Duration timeout) {
        List<String> values = new ArrayList<>();
        consumer.poll(timeout).forEach(r -> values.add(r.value()));
        return values;
    }

    private static Map<String, List<String>> readAll(String bootstrap, String topic) {
        Map<String, List<String>> byKey = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    byKey.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
                }
            }
        }
        return byKey;
    }
}
