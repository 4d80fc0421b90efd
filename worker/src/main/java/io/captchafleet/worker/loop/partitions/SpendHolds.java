package io.captchafleet.worker.loop.partitions;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;

/**
 * The task records of one partition held back because their batch is at its spend cap. Only the lowest held
 * offset per input partition and batch is kept (it stays unfinished in its offset tracker, so the commit
 * never passes it); the records after it are passed over, and read again from there when the batch opens.
 * So a held batch costs a few longs, whatever its size, and other batches' records in the same partition go
 * on. Part of its {@link OwnedPartition}; confined to the loop thread.
 */
public final class SpendHolds {
    private final Map<String, Map<TopicPartition, Long>> lowest = new HashMap<>();

    /**
     * Holds the record at {@code offset}. Returns the offset that no longer needs to stay unfinished: this one
     * when a lower one of the batch is held already, the one held before when this one is lower, else -1.
     */
    public long hold(String batch, TopicPartition input, long offset) {
        Map<TopicPartition, Long> byInput = lowest.computeIfAbsent(batch, b -> new HashMap<>());
        Long held = byInput.get(input);
        if (held == null) {
            byInput.put(input, offset);
            return -1;
        }
        if (held <= offset) {
            return offset == held ? -1 : offset;
        }
        byInput.put(input, offset);
        return held;
    }

    /** The batches with held records. */
    public Set<String> batches() {
        return lowest.keySet();
    }

    public boolean holds(String batch) {
        return lowest.containsKey(batch);
    }

    /** Lets the batch go: returns its lowest held offset per input partition, to read again from there. */
    public Map<TopicPartition, Long> release(String batch) {
        Map<TopicPartition, Long> released = lowest.remove(batch);
        return released == null ? Map.of() : released;
    }

    public boolean isEmpty() {
        return lowest.isEmpty();
    }
}
