package io.captchafleet.producer.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.CaptchaFleetException;
import io.captchafleet.common.config.ExitCode;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads topics from a start offset up to the end they had when the scan began. With a read_committed
 * consumer that end is the last stable offset, and the scan ends when the consumer's <em>position</em>
 * reaches it: the last offsets may be transaction markers that never arrive as records.
 *
 * <p>Used from the thread that owns the consumer; it does not close the consumer.
 */
public final class TopicScan {
    /** How long a scan may go without moving forward before it gives up. */
    static final Duration STALL_LIMIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_WAIT = Duration.ofSeconds(15);

    private final Consumer<byte[], byte[]> consumer;
    private final Map<TopicPartition, Long> ends;

    private TopicScan(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        this.consumer = consumer;
        this.ends = ends;
    }

    /** Assigns every partition of {@code topics} and starts at the beginning. */
    public static TopicScan fromBeginning(Consumer<byte[], byte[]> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = partitionsOf(consumer, topics);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return new TopicScan(consumer, new HashMap<>(consumer.endOffsets(partitions)));
    }

    /** Assigns the given partitions and starts at the given offsets. */
    public static TopicScan from(Consumer<byte[], byte[]> consumer, Map<TopicPartition, Long> starts) {
        consumer.assign(starts.keySet());
        starts.forEach(consumer::seek);
        return new TopicScan(consumer, new HashMap<>(consumer.endOffsets(starts.keySet())));
    }

    /** Goes on from the consumer's current positions to the new end of its assigned partitions. */
    public static TopicScan continuing(Consumer<byte[], byte[]> consumer) {
        return new TopicScan(consumer, new HashMap<>(consumer.endOffsets(consumer.assignment())));
    }

    /** Every partition of the topics, in topic then partition order. */
    public static List<TopicPartition> partitionsOf(Consumer<byte[], byte[]> consumer, Collection<String> topics) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = partitionInfos(consumer, topic);
            infos.stream().map(i -> new TopicPartition(i.topic(), i.partition()))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .forEach(partitions::add);
        }
        return partitions;
    }

    /**
     * A broker may not know a topic created a moment ago (its metadata follows the controller), so an
     * empty answer is asked again for a bounded time.
     */
    private static List<PartitionInfo> partitionInfos(Consumer<byte[], byte[]> consumer, String topic) {
        long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos;
            }
            if (System.nanoTime() > deadline) {
                throw new CaptchaFleetException("Topic " + topic + " does not exist or has no partitions", ExitCode.INTERNAL);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CaptchaFleetException("Interrupted while waiting for the partitions of " + topic, ExitCode.INTERNAL, e);
            }
        }
    }

    /** The end offsets this scan reads to. */
    public Map<TopicPartition, Long> ends() {
        return Map.copyOf(ends);
    }

    /** Hands every record up to the end to {@code handler}, in offset order per partition. */
    public void toEnd(java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        long lastProgress = System.nanoTime();
        long before = positionsSum();
        while (!atEnd()) {
            ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
            for (ConsumerRecord<byte[], byte[]> r : records) {
                handler.accept(r);
            }
            long now = positionsSum();
            if (now != before) {
                before = now;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new CaptchaFleetException("Reading " + topicsText() + " made no progress for " + STALL_LIMIT.toSeconds()
                        + " s; is the cluster reachable?", ExitCode.INTERNAL);
            }
        }
    }

    /** One poll past the end, for following a topic as it grows; returns how many records it handed over. */
    public int pollMore(Duration timeout, java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
        records.forEach(handler);
        return records.count();
    }

    private boolean atEnd() {
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private long positionsSum() {
        long sum = 0;
        for (TopicPartition tp : ends.keySet()) {
            sum += consumer.position(tp);
        }
        return sum;
    }

    private String topicsText() {
        return ends.keySet().stream().map(TopicPartition::topic).distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("");
    }
}
