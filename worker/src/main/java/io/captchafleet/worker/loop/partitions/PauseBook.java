package io.captchafleet.worker.loop.partitions;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Every paused input partition and why. A partition is paused while it has any reason and resumed when
 * the last one goes; the book outlives a rebalance, so the reasons are applied again to each new
 * assignment (a rebalance resumes everything in the consumer). Part of the {@link PartitionBook}, which
 * forgets a partition's reasons when it drops the partition. Confined to the worker loop thread.
 */
public final class PauseBook {
    private final Map<TopicPartition, EnumSet<PauseReason>> reasons = new HashMap<>();
    private final Map<TopicPartition, Long> dueAt = new HashMap<>();

    public void add(TopicPartition tp, PauseReason reason) {
        reasons.computeIfAbsent(tp, k -> EnumSet.noneOf(PauseReason.class)).add(reason);
    }

    public void addAll(Collection<TopicPartition> tps, PauseReason reason) {
        tps.forEach(tp -> add(tp, reason));
    }

    /** Pauses {@code tp} until {@code dueAtMs}: its head record is not due before then. */
    public void notDueUntil(TopicPartition tp, long dueAtMs) {
        add(tp, PauseReason.NOT_DUE);
        dueAt.put(tp, dueAtMs);
    }

    public void remove(TopicPartition tp, PauseReason reason) {
        EnumSet<PauseReason> set = reasons.get(tp);
        if (set != null) {
            set.remove(reason);
            if (set.isEmpty()) {
                reasons.remove(tp);
            }
        }
        if (reason == PauseReason.NOT_DUE) {
            dueAt.remove(tp);
        }
    }

    public void removeEverywhere(PauseReason reason) {
        for (TopicPartition tp : Set.copyOf(reasons.keySet())) {
            remove(tp, reason);
        }
    }

    /** Releases partitions whose head record has become due; returns the earliest wake-up still pending, or 0. */
    public long releaseDue(long nowMs) {
        long next = 0;
        for (Map.Entry<TopicPartition, Long> e : Set.copyOf(dueAt.entrySet())) {
            if (e.getValue() <= nowMs) {
                remove(e.getKey(), PauseReason.NOT_DUE);
            } else if (next == 0 || e.getValue() < next) {
                next = e.getValue();
            }
        }
        return next;
    }

    public boolean has(TopicPartition tp, PauseReason reason) {
        EnumSet<PauseReason> set = reasons.get(tp);
        return set != null && set.contains(reason);
    }

    /** Forgets every reason of these partitions (no longer owned). */
    void forget(Collection<TopicPartition> tps) {
        reasons.keySet().removeAll(tps);
        dueAt.keySet().removeAll(tps);
    }

    /**
     * Makes the consumer's paused set match the book for the given input partitions that are assigned
     * right now (a classic rebalance may span several polls, with nothing assigned in between).
     */
    public void applyTo(Consumer<?, ?> consumer, Collection<TopicPartition> inputs) {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>();
        Set<TopicPartition> toResume = new HashSet<>();
        for (TopicPartition tp : inputs) {
            if (!assigned.contains(tp)) {
                continue;
            }
            boolean shouldPause = reasons.containsKey(tp);
            if (shouldPause && !paused.contains(tp)) {
                toPause.add(tp);
            } else if (!shouldPause && paused.contains(tp)) {
                toResume.add(tp);
            }
        }
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }
}
