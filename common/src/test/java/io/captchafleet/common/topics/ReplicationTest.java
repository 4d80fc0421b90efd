package io.captchafleet.common.topics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.captchafleet.common.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicationTest {

    @ParameterizedTest(name = "{0} brokers: replication factor {1}, min.insync.replicas {2}")
    @CsvSource({"1, 1, 1", "2, 2, 1", "3, 3, 2", "5, 3, 2", "12, 3, 2"})
    void theDefaultFollowsTheBrokerCountUpToThreeReplicasOfWhichTwoMustHaveAWrite(int brokers, int factor, int minIsr) {
        assertThat(Replication.choose(TopicSettings.defaults(), brokers)).isEqualTo(new Replication(factor, minIsr));
    }

    @ParameterizedTest(name = "--replication-factor {0}: min.insync.replicas {1}")
    @CsvSource({"1, 1", "2, 1", "3, 2", "4, 3", "5, 3"})
    void anExplicitReplicationFactorWinsAndAMajorityOfItMustHaveAWrite(int factor, int minIsr) {
        assertThat(Replication.choose(TopicSettings.defaults().withReplicationFactor(factor), 5)).isEqualTo(new Replication(factor, minIsr));
    }

    @Test
    void anExplicitMinInsyncReplicasWins() {
        assertThat(Replication.choose(TopicSettings.defaults().withMinInsyncReplicas(3), 3)).isEqualTo(new Replication(3, 3));
        assertThat(Replication.choose(TopicSettings.defaults().withReplicationFactor(3).withMinInsyncReplicas(1), 3))
                .isEqualTo(new Replication(3, 1));
    }

    @Test
    void aReplicationFactorAboveTheBrokerCountIsRefusedNamingTheCount() {
        assertThatThrownBy(() -> Replication.choose(TopicSettings.defaults().withReplicationFactor(3), 1))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value 3 for --replication-factor: the cluster has 1 broker, and each replica of a partition"
                        + " needs a broker of its own");
        assertThatThrownBy(() -> Replication.choose(TopicSettings.defaults().withReplicationFactor(4), 3))
                .hasMessage("Invalid value 4 for --replication-factor: the cluster has 3 brokers, and each replica of a partition"
                        + " needs a broker of its own");
    }

    @Test
    void minInsyncReplicasAboveTheReplicationFactorIsRefused() {
        assertThatThrownBy(() -> TopicSettings.defaults().withReplicationFactor(2).withMinInsyncReplicas(3))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value 3 for --min-insync-replicas: must be at most the replication factor (2), or no write"
                        + " could ever be acknowledged");
        assertThatThrownBy(() -> Replication.choose(TopicSettings.defaults().withMinInsyncReplicas(2), 1))
                .isInstanceOf(InputException.class)
                .hasMessage("Invalid value 2 for --min-insync-replicas: must be at most the replication factor (1, chosen for a"
                        + " cluster of 1 broker), or no write could ever be acknowledged");
    }

    @Test
    void aDefaultIsAFloorSoTopicsWithMoreReplicasPassAndFewerAreNamed() {
        Replication chosen = Replication.choose(TopicSettings.defaults(), 3);

        assertThat(chosen.shortfalls("c.tasks", 3, 2, TopicSettings.defaults())).isEmpty();
        assertThat(chosen.shortfalls("c.tasks", 5, 3, TopicSettings.defaults())).as("made while more brokers were up").isEmpty();
        assertThat(chosen.shortfalls("c.tasks", 1, 1, TopicSettings.defaults()))
                .containsExactly("c.tasks has replication factor 1, expected at least 3", "c.tasks has min.insync.replicas=1, expected at least 2");
    }

    @Test
    void aValueGivenWithItsFlagMustMatchExactly() {
        TopicSettings given = TopicSettings.defaults().withReplicationFactor(2).withMinInsyncReplicas(1);
        Replication chosen = Replication.choose(given, 3);

        assertThat(chosen.shortfalls("c.results", 2, 1, given)).isEmpty();
        assertThat(chosen.shortfalls("c.results", 3, 2, given))
                .containsExactly("c.results has replication factor 3, expected 2", "c.results has min.insync.replicas=2, expected 1");
    }

    @Test
    void zeroOrNegativeCountsAreRefused() {
        assertThatThrownBy(() -> TopicSettings.defaults().withReplicationFactor(0))
                .hasMessage("Invalid value 0 for --replication-factor: must be at least 1 (leave it out to get 3 on a cluster of"
                        + " three or more brokers, else one per broker)");
        assertThatThrownBy(() -> TopicSettings.defaults().withMinInsyncReplicas(-1))
                .hasMessage("Invalid value -1 for --min-insync-replicas: must be at least 1");
    }
}
