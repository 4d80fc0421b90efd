package io.captchafleet.worker.loop.fake;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.captchafleet.common.topics.TopicLayout;
import io.captchafleet.worker.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * An in-memory Kafka for loop tests, reached through the worker's {@link KafkaClients} seam: a log per
 * partition, one consumer group whose only live member is the worker under test, and transactions
 * whose records and offsets appear together when they commit (so every reader is read_committed). It
 * behaves as the real clients do where the loop's promises depend on it: a stale group generation fails
 * {@code sendOffsetsToTransaction} with {@link CommitFailedException}, a commit that timed out must be
 * committed again (an abort then is an {@link IllegalStateException}), an eager rebalance revokes every
 * partition before it assigns the new set. The test drives the group and injects faults. Thread-safe.
 */
public final class FakeKafka implements KafkaClients {
    /** One stored record; a null value is a tombstone. */
    public record Stored(byte[] key, byte[] value, Headers headers) {
    }

    private final TopicLayout layout;
    private final Map<TopicPartition, List<Stored>> logs = new HashMap<>();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private final Set<TopicPartition> unstableOffsets = new HashSet<>();
    private final Deque<RuntimeException> commitFaults = new ArrayDeque<>();
    private final Deque<RuntimeException> sendOffsetsFaults = new ArrayDeque<>();
    private Predicate<ProducerRecord<byte[], byte[]>> refused = r -> false;
    private int generation;
    private Set<TopicPartition> assignmentToDeliver;
    private int producersFenced;
    private int transactionsCommitted;
    private final Map<TopicPartition, Map<Long, Integer>> deliveries = new HashMap<>();
    private int partitionCount = 12;

    public FakeKafka(TopicLayout layout) {
        this.layout = layout;
    }

    @Override
    public Consumer<byte[], byte[]> consumer(Map<String, Object> config) {
        return Dispatch.as(Consumer.class, new FakeConsumer(this, (String) config.get(ConsumerConfig.GROUP_ID_CONFIG),
                (String) config.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)));
    }

    @Override
    public Producer<byte[], byte[]> producer(Map<String, Object> config) {
        return Dispatch.as(Producer.class, new FakeProducer(this, config.containsKey(ProducerConfig.TRANSACTIONAL_ID_CONFIG)));
    }

    // ---- what the test does to the cluster ----

    /** A record another producer committed. */
    public synchronized void publish(String topic, int partition, byte[] key, byte[] value) {
        log(new TopicPartition(topic, partition)).add(new Stored(key, value, new RecordHeaders()));
    }

    /**
     * A rebalance that gives the worker partitions {@code numbers} of every co-partitioned topic. The member
     * learns of it at its next poll: it revokes what it owns (still committing with its current generation,
     * as an eager member does before it rejoins), then the new generation assigns the new set.
     */
    public synchronized void rebalanceTo(Set<Integer> numbers) {
        Set<TopicPartition> assignment = new HashSet<>();
        for (String topic : layout.coPartitionedTopics()) {
            numbers.forEach(p -> assignment.add(new TopicPartition(topic, p)));
        }
        assignmentToDeliver = assignment;
    }

    /** Every keyed topic has this many partitions (12 unless the test says; a spend cap's share is a fraction of it). */
    public synchronized void partitionCount(int n) {
        partitionCount = n;
    }

    synchronized int partitionCount() {
        return partitionCount;
    }

    /**
     * The group moves on without the worker noticing: its session expired (a long GC pause, a network
     * split) and its partitions went to another member. The worker is a zombie until its next rebalance.
     */
    public synchronized void moveOnBehindTheWorkersBack() {
        generation++;
    }

    /** The committed offsets of these partitions cannot be determined (a transactional commit is pending). */
    public synchronized void makeOffsetsUnstable(TopicPartition... tps) {
        unstableOffsets.addAll(List.of(tps));
    }

    public synchronized void makeOffsetsStable() {
        unstableOffsets.clear();
    }

    /** The next {@code commitTransaction} calls throw these, in order. */
    public synchronized void failCommits(RuntimeException... errors) {
        commitFaults.addAll(List.of(errors));
    }

    /** The next {@code sendOffsetsToTransaction} calls throw these, in order. */
    public synchronized void failSendOffsets(RuntimeException... errors) {
        sendOffsetsFaults.addAll(List.of(errors));
    }

    /** Records matching this are refused as too large. */
    public synchronized void refuse(Predicate<ProducerRecord<byte[], byte[]>> which) {
        refused = which;
    }

    /** The transactional producer's next call is fenced (as by a newer producer with its id). */
    public synchronized void fenceProducers() {
        producersFenced++;
    }

    // ---- what the test reads ----

    /** Whether a rebalance {@link #rebalanceTo} asked for has not reached the member yet. */
    public synchronized boolean rebalancePending() {
        return assignmentToDeliver != null;
    }

    /** How often the group member's polls returned each offset of {@code tp} (a seek back makes it more than once). */
    public synchronized Map<Long, Integer> deliveries(TopicPartition tp) {
        return Map.copyOf(deliveries.getOrDefault(tp, Map.of()));
    }

    /** The committed records of a partition, in offset order. */
    public synchronized List<Stored> records(TopicPartition tp) {
        return List.copyOf(log(tp));
    }

    /** Every committed record of a topic. */
    public synchronized List<Stored> records(String topic) {
        List<Stored> all = new ArrayList<>();
        logs.forEach((tp, log) -> {
            if (tp.topic().equals(topic)) {
                all.addAll(log);
            }
        });
        return all;
    }

    public synchronized Long committedOffset(TopicPartition tp) {
        return committed.get(tp);
    }

    public synchronized int transactionsCommitted() {
        return transactionsCommitted;
    }

    // ---- what the fake clients ask ----

    synchronized List<Stored> log(TopicPartition tp) {
        return logs.computeIfAbsent(tp, k -> new ArrayList<>());
    }

    synchronized long endOffset(TopicPartition tp) {
        return log(tp).size();
    }

    synchronized Long committedFor(TopicPartition tp) {
        if (unstableOffsets.contains(tp)) {
            return null;
        }
        return committed.getOrDefault(tp, 0L);
    }

    synchronized int generation() {
        return generation;
    }

    /** The assignment a member's next poll receives, if a rebalance is under way. */
    synchronized Set<TopicPartition> pendingAssignment() {
        return assignmentToDeliver;
    }

    /** The member has rejoined: the new generation begins. */
    synchronized int completeRebalance() {
        assignmentToDeliver = null;
        return ++generation;
    }

    synchronized RuntimeException nextCommitFault() {
        return commitFaults.pollFirst();
    }

    synchronized RuntimeException nextSendOffsetsFault() {
        return sendOffsetsFaults.pollFirst();
    }

    synchronized boolean refuses(ProducerRecord<byte[], byte[]> r) {
        return refused.test(r);
    }

    synchronized boolean takeFencing() {
        if (producersFenced == 0) {
            return false;
        }
        producersFenced--;
        return true;
    }

    /** Checks the member's generation as the group coordinator does for a transactional offset commit. */
    synchronized void delivered(TopicPartition tp, long offset) {
        deliveries.computeIfAbsent(tp, k -> new HashMap<>()).merge(offset, 1, Integer::sum);
    }

    synchronized void checkGeneration(ConsumerGroupMetadata member) {
        if (member.generationId() != generation) {
            throw new CommitFailedException("Transaction offset Commit failed due to consumer group metadata mismatch:"
                    + " The provided generation id " + member.generationId() + " is not the current one " + generation);
        }
    }

    /** A committed transaction: its records and offsets appear at once. */
    synchronized void commit(List<ProducerRecord<byte[], byte[]>> records, Map<TopicPartition, OffsetAndMetadata> offsets) {
        for (ProducerRecord<byte[], byte[]> r : records) {
            log(new TopicPartition(r.topic(), r.partition())).add(new Stored(r.key(), r.value(), new RecordHeaders(r.headers())));
        }
        offsets.forEach((tp, o) -> committed.put(tp, o.offset()));
        transactionsCommitted++;
    }
}
