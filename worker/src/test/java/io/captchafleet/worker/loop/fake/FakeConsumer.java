package io.captchafleet.worker.loop.fake;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.record.TimestampType;

/**
 * The worker's consumer against a {@link FakeKafka}: the group member (given a group id), or a group-less
 * reader asked for log ends. A pending rebalance takes two polls, as a classic one does: the first
 * revokes everything (eager), a later one assigns the new set; a poll returns up to 500 records of each
 * assigned, unpaused partition from its position. Used through
 * {@link Dispatch}; one thread at a time, like the real one.
 */
public final class FakeConsumer {
    private static final int MAX_RECORDS = 500;

    private final FakeKafka kafka;
    private final String groupId;
    private final String instanceId;
    private final Set<TopicPartition> assignment = new HashSet<>();
    private final Set<TopicPartition> paused = new HashSet<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private ConsumerRebalanceListener listener;
    private int generation;
    private boolean rejoining;
    private volatile boolean wakeup;

    FakeConsumer(FakeKafka kafka, String groupId, String instanceId) {
        this.kafka = kafka;
        this.groupId = groupId;
        this.instanceId = instanceId;
    }

    public void subscribe(Collection<String> topics, ConsumerRebalanceListener l) {
        listener = l;
    }

    public ConsumerRecords<byte[], byte[]> poll(Duration timeout) {
        if (wakeup) {
            wakeup = false;
            throw new WakeupException();
        }
        Set<TopicPartition> next = groupId == null ? null : kafka.pendingAssignment();
        if (next != null) {
            // A classic rebalance spans polls: this one revokes and rejoins, a later one is assigned.
            if (!rejoining) {
                if (!assignment.isEmpty()) {
                    listener.onPartitionsRevoked(Set.copyOf(assignment));
                }
                assignment.clear();
                positions.clear();
                paused.clear();
                rejoining = true;
                return new ConsumerRecords<>(Map.of(), Map.of());
            }
            rejoining = false;
            assignment.addAll(next);
            generation = kafka.completeRebalance();
            listener.onPartitionsAssigned(Set.copyOf(next));
        }
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> out = new HashMap<>();
        for (TopicPartition tp : assignment) {
            if (paused.contains(tp)) {
                continue;
            }
            Long from = positionOrNull(tp);
            if (from == null) {
                continue;
            }
            List<FakeKafka.Stored> log = kafka.log(tp);
            List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
            long offset = from;
            for (; offset < log.size() && got.size() < MAX_RECORDS; offset++) {
                FakeKafka.Stored s = log.get((int) offset);
                got.add(new ConsumerRecord<>(tp.topic(), tp.partition(), offset, 0L, TimestampType.CREATE_TIME, 0, 0, s.key(),
                        s.value(), s.headers(), Optional.empty()));
                if (groupId != null) {
                    kafka.delivered(tp, offset);
                }
            }
            positions.put(tp, offset);
            if (!got.isEmpty()) {
                out.put(tp, got);
            }
        }
        return new ConsumerRecords<>(out, Map.of());
    }

    public Set<TopicPartition> assignment() {
        return Set.copyOf(assignment);
    }

    /** A group-less reader takes partitions by hand (the worker's reader of single outcomes does). */
    public void assign(Collection<TopicPartition> tps) {
        assignment.retainAll(tps);
        positions.keySet().retainAll(tps);
        assignment.addAll(tps);
    }

    public List<PartitionInfo> partitionsFor(String topic, Duration timeout) {
        List<PartitionInfo> info = new ArrayList<>();
        for (int p = 0; p < kafka.partitionCount(); p++) {
            info.add(new PartitionInfo(topic, p, null, new Node[0], new Node[0]));
        }
        return info;
    }

    public void seek(TopicPartition tp, long offset) {
        positions.put(tp, offset);
    }

    public void seekToBeginning(Collection<TopicPartition> tps) {
        tps.forEach(tp -> positions.put(tp, 0L));
    }

    public long position(TopicPartition tp, Duration timeout) {
        if (!assignment.contains(tp)) {
            throw new IllegalStateException("You can only check the position for partitions assigned to this consumer.");
        }
        Long p = positionOrNull(tp);
        if (p == null) {
            throw new TimeoutException("Timeout of " + timeout.toMillis() + "ms expired before the position for partition " + tp
                    + " could be determined");
        }
        return p;
    }

    public long position(TopicPartition tp) {
        return position(tp, Duration.ofSeconds(60));
    }

    public void pause(Collection<TopicPartition> tps) {
        paused.addAll(tps);
    }

    public void resume(Collection<TopicPartition> tps) {
        paused.removeAll(tps);
    }

    public Set<TopicPartition> paused() {
        return Set.copyOf(paused);
    }

    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> tps, Duration timeout) {
        Map<TopicPartition, Long> ends = new HashMap<>();
        tps.forEach(tp -> ends.put(tp, kafka.endOffset(tp)));
        return ends;
    }

    public Map<TopicPartition, Long> endOffsets(Collection<TopicPartition> tps) {
        return endOffsets(tps, Duration.ofSeconds(60));
    }

    public ConsumerGroupMetadata groupMetadata() {
        return new ConsumerGroupMetadata(groupId, generation, "member-" + instanceId, Optional.ofNullable(instanceId));
    }

    public void wakeup() {
        wakeup = true;
    }

    public void close(CloseOptions options) {
    }

    public void close(Duration timeout) {
    }

    public void close() {
    }

    public Map<MetricName, ? extends Metric> metrics() {
        return Map.of();
    }

    /** The position, from the committed offset the first time; null while the committed offset is unstable. */
    private Long positionOrNull(TopicPartition tp) {
        Long p = positions.get(tp);
        if (p == null) {
            p = kafka.committedFor(tp);
            if (p != null) {
                positions.put(tp, p);
            }
        }
        return p;
    }
}
