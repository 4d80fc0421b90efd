package io.captchafleet.common.topics;

import java.time.Duration;

import io.captchafleet.common.InputException;

/**
 * How topics are created: partition count of every keyed topic, retention of the tasks, retry and
 * dead-letter topics, the largest record (image tasks), and the replication factor.
 *
 * @param partitions        partitions of every keyed topic (default 12): the most workers that help
 * @param retention         how long unsolved tasks are kept (default 30 days) so a halted fleet loses none
 * @param maxMessageBytes   the largest record, sized for base64 images (the producer's max.request.size matches)
 * @param replicationFactor replicas per partition; -1 for the broker's default
 */
public record TopicSettings(int partitions, Duration retention, int maxMessageBytes, short replicationFactor) {
    public static final int DEFAULT_PARTITIONS = 12;
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(30);
    /** Anti-Captcha's image limit is 500,000 bytes: base64 and the JSON around it fit in 2 MiB. */
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

    public TopicSettings {
        if (partitions < 1 || partitions > 10_000) {
            throw new InputException("Invalid value " + partitions + " for --partitions: must be 1 to 10000");
        }
        if (retention.isNegative() || retention.isZero()) {
            throw new InputException("Invalid value " + retention + " for --retention: must be positive");
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new InputException("Invalid value " + replicationFactor + " for --replication-factor: must be -1 (broker default) or at least 1");
        }
    }

    public static TopicSettings defaults() {
        return new TopicSettings(DEFAULT_PARTITIONS, DEFAULT_RETENTION, DEFAULT_MAX_MESSAGE_BYTES, (short) -1);
    }

    public TopicSettings withPartitions(int n) {
        return new TopicSettings(n, retention, maxMessageBytes, replicationFactor);
    }

    public TopicSettings withRetention(Duration d) {
        return new TopicSettings(partitions, d, maxMessageBytes, replicationFactor);
    }

    public TopicSettings withReplicationFactor(short rf) {
        return new TopicSettings(partitions, retention, maxMessageBytes, rf);
    }
}
