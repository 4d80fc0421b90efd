package io.captchafleet.cli;

import java.time.Duration;

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

    @Option(names = "--replication-factor", paramLabel = "N", defaultValue = "-1",
            description = "Replicas per partition; -1 uses the broker's default (default: ${DEFAULT-VALUE}).")
    short replicationFactor;

    TopicSettings settings() {
        return new TopicSettings(partitions, retention, TopicSettings.DEFAULT_MAX_MESSAGE_BYTES, replicationFactor);
    }
}
