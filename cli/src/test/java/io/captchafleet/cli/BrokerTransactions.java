package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * What a broker says about transactions that should have ended: partitions still holding an open
 * transaction (read_committed readers stop at it), and a group's offsets that a pending transactional
 * commit keeps unstable (a consumer's {@code position()} waits for them). For process tests that kill
 * brokers; every call is bounded by ten seconds.
 */
public final class BrokerTransactions {
    private static final long TIMEOUT_S = 10;

    private BrokerTransactions() {
    }

    /** Every partition, internal ones included, with an open transaction, and whose. */
    public static List<String> open(Admin admin) throws ExecutionException, InterruptedException, TimeoutException {
        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(TIMEOUT_S, TimeUnit.SECONDS);
        List<TopicPartition> partitions = new ArrayList<>();
        admin.describeTopics(topics).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).forEach((name, d) ->
                d.partitions().forEach(p -> partitions.add(new TopicPartition(name, p.partition()))));
        List<String> open = new ArrayList<>();
        admin.describeProducers(partitions).all().get(TIMEOUT_S, TimeUnit.SECONDS).forEach((tp, state) ->
                state.activeProducers().stream().filter(p -> p.currentTransactionStartOffset().isPresent())
                        .forEach(p -> open.add(tp + " (producer " + p.producerId() + ")")));
        return open;
    }

    /**
     * The committed offsets of {@code group} that can be read stable: a partition whose offset a pending
     * transactional commit keeps unstable (UNSTABLE_OFFSET_COMMIT) is missing from the answer.
     */
    public static Map<TopicPartition, OffsetAndMetadata> stableOffsets(Admin admin, String group)
            throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listConsumerGroupOffsets(group, new ListConsumerGroupOffsetsOptions().requireStable(true))
                .partitionsToOffsetAndMetadata().get(TIMEOUT_S, TimeUnit.SECONDS);
    }
}
