package io.captchafleet.common.topics;

/** The end of every topic-mismatch message, as users read it. */
final class TopicCreatorMessages {
    static final String ADVICE = "Use the same --partitions, --retention, --replication-factor and --min-insync-replicas as when they"
            + " were created, or delete these topics first (Kafka's kafka-reassign-partitions.sh and kafka-configs.sh can also change"
            + " a topic's replication factor and min.insync.replicas in place).";

    private TopicCreatorMessages() {
    }
}
