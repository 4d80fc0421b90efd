package io.captchafleet.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.captchafleet.common.InputException;
import io.captchafleet.sandbox.junit.KafkaClusterExtension;
import io.captchafleet.sandbox.junit.TestKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(KafkaClusterExtension.class)
class TopicCreatorTest {
    private Admin admin;
    private TopicLayout layout;

    @BeforeEach
    void setUp(TestKafka kafka) {
        admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
        layout = TopicLayout.withDefaults(kafka.newTopicPrefix());
    }

    @AfterEach
    void tearDown() {
        admin.close();
    }

    @Test
    void createsEveryTopicWithItsConfigurationAndASecondRunChangesNothing() throws Exception {
        TopicSettings settings = TopicSettings.defaults().withPartitions(3);

        TopicCreator.Report first = new TopicCreator(admin).ensure(layout, settings);
        TopicCreator.Report second = new TopicCreator(admin).ensure(layout, settings);

        assertThat(first.created()).hasSize(12).contains(layout.tasks(), layout.retry(RetryTier.parse("2m", "t")),
                layout.results(), layout.batches(), layout.fatalErrors(), layout.deadLetter(), layout.pingbacks(), layout.verdicts());
        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyInAnyOrderElementsOf(first.created());

        var descriptions = admin.describeTopics(List.of(layout.tasks(), layout.results(), layout.fatalErrors(), layout.pingbacks(),
                        layout.verdicts()))
                .allTopicNames().get();
        assertThat(descriptions.get(layout.tasks()).partitions()).hasSize(3);
        assertThat(descriptions.get(layout.results()).partitions()).hasSize(3);
        assertThat(descriptions.get(layout.verdicts()).partitions()).as("co-partitioned with the results").hasSize(3);
        assertThat(descriptions.get(layout.fatalErrors()).partitions()).hasSize(1);
        assertThat(descriptions.get(layout.pingbacks()).partitions()).hasSize(3);
        var results = new ConfigResource(ConfigResource.Type.TOPIC, layout.results());
        var tasks = new ConfigResource(ConfigResource.Type.TOPIC, layout.tasks());
        var verdicts = new ConfigResource(ConfigResource.Type.TOPIC, layout.verdicts());
        var configs = admin.describeConfigs(List.of(results, tasks, verdicts)).all().get();
        assertThat(configs.get(results).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(verdicts).get("cleanup.policy").value()).isEqualTo("compact");
        assertThat(configs.get(tasks).get("retention.ms").value()).isEqualTo(Long.toString(Duration.ofDays(30).toMillis()));
        assertThat(configs.get(tasks).get("max.message.bytes").value()).isEqualTo(Integer.toString(2 * 1024 * 1024));
    }

    @Test
    void onOneBrokerEveryTopicHasOneReplicaAndMinInsyncReplicasOne() throws Exception {
        assumeThat(admin.describeCluster().nodes().get()).as("the embedded single broker").hasSize(1);

        TopicCreator.Report report = new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(2));

        assertThat(report.replication()).isEqualTo(new Replication(1, 1));
        var descriptions = admin.describeTopics(layout.allTopics()).allTopicNames().get();
        assertThat(descriptions.values()).hasSize(12)
                .allSatisfy(d -> assertThat(d.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1)));
        var resources = layout.allTopics().stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        assertThat(admin.describeConfigs(resources).all().get().values())
                .allSatisfy(c -> assertThat(c.get("min.insync.replicas").value()).isEqualTo("1"));
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedAndNothingIsCreated() throws Exception {
        assumeThat(admin.describeCluster().nodes().get()).as("the embedded single broker").hasSize(1);

        assertThatThrownBy(() -> new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withReplicationFactor(3)))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value 3 for --replication-factor: the cluster has 1 broker, and each replica of a partition"
                        + " needs a broker of its own");

        assertThat(admin.listTopics().names().get()).doesNotContainAnyElementsOf(layout.allTopics());
    }

    @Test
    void mismatchedExistingTopicsAreNamedAndNothingIsCreated() throws Exception {
        admin.createTopics(List.of(
                new NewTopic(layout.tasks(), 2, (short) 1),
                new NewTopic(layout.results(), 3, (short) 1).configs(Map.of("cleanup.policy", "delete")))).all().get();

        assertThatThrownBy(() -> new TopicCreator(admin).ensure(layout, TopicSettings.defaults().withPartitions(3)))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessage("Existing topics do not match the configuration; nothing was changed:\n"
                        + "  - " + layout.tasks() + " has 2 partitions, expected 3 (every keyed topic has the same count, "
                        + "so partition p of each holds the same task ids)\n"
                        + "  - " + layout.tasks() + " has retention.ms=604800000 (7 days), expected 2592000000 (30 days)\n"
                        + "  - " + layout.results() + " has cleanup.policy=delete, expected compact\n"
                        + TopicCreatorMessages.ADVICE);

        Set<String> names = admin.listTopics().names().get();
        assertThat(names).contains(layout.tasks(), layout.results()).doesNotContain(layout.batches(), layout.fatalErrors());
    }
}
