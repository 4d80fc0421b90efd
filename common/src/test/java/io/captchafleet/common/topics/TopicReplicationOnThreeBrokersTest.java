package io.captchafleet.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import io.captchafleet.common.InputException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replication on a real three-broker KRaft cluster started in this JVM (Kafka's own test kit): what a
 * single embedded broker cannot show. The only test class that pays for three brokers; keep it small.
 */
class TopicReplicationOnThreeBrokersTest {
    private static KafkaClusterTestKit cluster;
    private static int prefixes;

    private Admin admin;
    private TopicLayout layout;

    @BeforeAll
    static void startThreeBrokers() throws Exception {
        cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true)
                .setNumControllerNodes(1)
                .setNumBrokerNodes(3)
                .build()).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void setUp() {
        admin = Admin.create(Map.of("bootstrap.servers", cluster.bootstrapServers()));
        layout = TopicLayout.withDefaults("three" + (++prefixes));
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void byDefaultEveryTopicHasThreeReplicasOfWhichTwoMustHaveAWriteAndASecondRunChangesNothing() throws Exception {
        TopicCreator.Report first = new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2));
        TopicCreator.Report second = new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2));

        assertThat(first.created()).containsExactlyInAnyOrderElementsOf(layout.allTopics());
        assertThat(first.replication()).isEqualTo(new Replication(3, 2));
        assertThat(second.created()).isEmpty();
        assertThat(replicationFactors(layout.allTopics())).containsOnlyKeys(layout.allTopics()).containsValues(3).doesNotContainValue(1);
        assertThat(minInsyncReplicas(layout.allTopics())).containsOnlyKeys(layout.allTopics()).allSatisfy((t, v) -> assertThat(v).isEqualTo("2"));
    }

    @Test
    void anExplicitReplicationFactorWinsWithMinInsyncReplicasToMatch() throws Exception {
        TopicCreator.Report report = new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2).withReplicationFactor(2));

        assertThat(report.replication()).isEqualTo(new Replication(2, 1));
        assertThat(replicationFactors(layout.allTopics())).allSatisfy((t, rf) -> assertThat(rf).as(t).isEqualTo(2));
        assertThat(minInsyncReplicas(layout.allTopics())).allSatisfy((t, v) -> assertThat(v).as(t).isEqualTo("1"));
    }

    @Test
    void existingTopicsWithOneReplicaOrMinInsyncReplicasOneAreNamedAndNothingIsChanged() throws Exception {
        admin.createTopics(List.of(
                new NewTopic(layout.tasks(), 2, (short) 1).configs(Map.of("retention.ms", "2592000000")),
                new NewTopic(layout.results(), 2, (short) 3).configs(Map.of("cleanup.policy", "compact", "min.insync.replicas", "1"))))
                .all().get();

        assertThatThrownBy(() -> new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2)))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessage("Existing topics do not match the configuration; nothing was changed:\n"
                        + "  - " + layout.tasks() + " has replication factor 1, expected at least 3\n"
                        + "  - " + layout.tasks() + " has min.insync.replicas=1, expected at least 2\n"
                        + "  - " + layout.results() + " has min.insync.replicas=1, expected at least 2\n"
                        + TopicCreatorMessages.ADVICE);

        assertThat(admin.listTopics().names().get()).contains(layout.tasks(), layout.results())
                .doesNotContain(layout.batches(), layout.fatalErrors(), layout.deadLetter());
        assertThat(replicationFactors(List.of(layout.tasks()))).containsEntry(layout.tasks(), 1);
        assertThat(minInsyncReplicas(List.of(layout.results()))).containsEntry(layout.results(), "1");
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedNamingTheCount() throws Exception {
        assertThatThrownBy(() -> new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withReplicationFactor(4)))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value 4 for --replication-factor: the cluster has 3 brokers, and each replica of a partition"
                        + " needs a broker of its own");
        assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(layout.allTopics());
    }

    /** Each topic's smallest replica count over its partitions. */
    private Map<String, Integer> replicationFactors(List<String> topics) {
        Map<String, TopicDescription> descriptions = answered(() -> admin.describeTopics(topics).allTopicNames().get());
        return descriptions.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0)));
    }

    private Map<String, String> minInsyncReplicas(List<String> topics) {
        var resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        return answered(() -> admin.describeConfigs(resources).all().get()).entrySet().stream().collect(Collectors.toMap(
                e -> e.getKey().name(), e -> e.getValue().get("min.insync.replicas").value()));
    }

    /** The broker asked may learn of a topic a moment after the controller made it: "unknown topic" is asked again, briefly. */
    private static <T> T answered(Callable<T> question) {
        return await().atMost(Duration.ofSeconds(15)).ignoreExceptions().until(question, answer -> true);
    }
}
