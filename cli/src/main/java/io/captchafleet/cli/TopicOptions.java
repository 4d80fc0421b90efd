package io.captchafleet.cli;

import java.time.Duration;
import java.util.OptionalInt;

import io.captchafleet.common.topics.TopicSettings;
import picocli.CommandLine.Option;

/** How topics are created: shared by {@code topics create} and the commands that create missing topics. */
final class TopicOptions {
    @Option(names = "--partitions", paramLabel = "N", defaultValue = "12",
            description = "Partitions of every keyed topic: the most workers that can share the work (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--retention", paramLabel = "DURATION", defaultValue = "30d", converter = DurationConverter.class,
            description = "How long unsolved tasks are kept, e.g. 30d (default: ${DEFAULT-VALUE}).")
    Duration retention;

    @Option(names = "--replication-factor", paramLabel = "N",
            description = "Replicas per partition, at most the number of brokers (default: 3 on a cluster of three or more"
                    + " brokers, 2 on two, 1 on one).")
    Integer replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "N",
            description = "min.insync.replicas of every topic: replicas that must have a write before it counts (default: 2"
                    + " with 3 replicas, a majority with more, 1 with one or two).")
    Integer minInsyncReplicas;

    TopicSettings settings() {
        return new TopicSettings(partitions, retention, TopicSettings.DEFAULT_MAX_MESSAGE_BYTES, optional(replicationFactor),
                optional(minInsyncReplicas));
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }
}
