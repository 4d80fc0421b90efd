package io.captchafleet.common.topics;

import java.time.Duration;
import java.util.OptionalInt;

import io.captchafleet.common.InputException;

/**
 * How topics are created: partition count of every keyed topic, retention of the tasks, retry and
 * dead-letter topics, the largest record (image tasks), and the replication asked for. Replication left
 * unset is chosen from the cluster's size when the topics are created ({@link Replication#choose}).
 *
 * @param partitions        partitions of every keyed topic (default 12): the most workers that help
 * @param retention         how long unsolved tasks are kept (default 30 days) so a halted fleet loses none
 * @param maxMessageBytes   the largest record, sized for base64 images (the producer's max.request.size matches)
 * @param replicationFactor replicas per partition, when given; else chosen from the broker count
 * @param minInsyncReplicas {@code min.insync.replicas} of every topic, when given; else chosen from the replication factor
 */
public record TopicSettings(int partitions, Duration retention, int maxMessageBytes, OptionalInt replicationFactor,
                            OptionalInt minInsyncReplicas) {
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
        if (replicationFactor.isPresent() && (replicationFactor.getAsInt() < 1 || replicationFactor.getAsInt() > Short.MAX_VALUE)) {
            throw new InputException("Invalid value " + replicationFactor.getAsInt() + " for --replication-factor: must be at least 1"
                    + " (leave it out to get 3 on a cluster of three or more brokers, else one per broker)");
        }
        if (minInsyncReplicas.isPresent() && minInsyncReplicas.getAsInt() < 1) {
            throw new InputException("Invalid value " + minInsyncReplicas.getAsInt() + " for --min-insync-replicas: must be at least 1");
        }
        if (replicationFactor.isPresent() && minInsyncReplicas.isPresent() && minInsyncReplicas.getAsInt() > replicationFactor.getAsInt()) {
            throw new InputException("Invalid value " + minInsyncReplicas.getAsInt() + " for --min-insync-replicas: must be at most"
                    + " the replication factor (" + replicationFactor.getAsInt() + "), or no write could ever be acknowledged");
        }
    }

    /** 12 partitions, 30 days, 2 MiB records, replication chosen from the cluster's size. */
    public static TopicSettings defaults() {
        return new TopicSettings(DEFAULT_PARTITIONS, DEFAULT_RETENTION, DEFAULT_MAX_MESSAGE_BYTES, OptionalInt.empty(), OptionalInt.empty());
    }

    public TopicSettings withPartitions(int n) {
        return new TopicSettings(n, retention, maxMessageBytes, replicationFactor, minInsyncReplicas);
    }

    public TopicSettings withRetention(Duration d) {
        return new TopicSettings(partitions, d, maxMessageBytes, replicationFactor, minInsyncReplicas);
    }

    public TopicSettings withReplicationFactor(int rf) {
        return new TopicSettings(partitions, retention, maxMessageBytes, OptionalInt.of(rf), minInsyncReplicas);
    }

    public TopicSettings withMinInsyncReplicas(int n) {
        return new TopicSettings(partitions, retention, maxMessageBytes, replicationFactor, OptionalInt.of(n));
    }
}
