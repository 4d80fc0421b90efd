package io.captchafleet.producer.submit;

import java.nio.charset.StandardCharsets;

import io.captchafleet.common.model.TaskIds;
import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.common.topics.TopicSettings;
import io.captchafleet.producer.kafka.Futures;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.utils.Utils;

/**
 * How a capped batch's tasks spread over the partitions, so that each partition's owner may spend its tasks' share
 * of the cap (a worker cannot read the other workers' spend): each task record carries its partition's share of the
 * batch. The partition is the one Kafka's default partitioner gives the task id. Stateless.
 */
final class SpendShares {
    private SpendShares() {
    }

    /** The partition Kafka's default partitioner gives this task's key. */
    static int partitionOf(String batch, String id, int partitions) {
        return Utils.toPositive(Utils.murmur2(TaskIds.of(batch, id).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The tasks topic's partition count: as it exists, or as it will be created. */
    static int partitions(Admin admin, TopicLayout layout, TopicSettings settings) {
        try {
            return Futures.get(admin.describeTopics(java.util.List.of(layout.tasks())).allTopicNames()).get(layout.tasks())
                    .partitions().size();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return settings.partitions();
            }
            throw e;
        }
    }
}
