package io.captchafleet.worker.loop.partitions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.captchafleet.common.topics.TopicLayout;
import org.apache.kafka.common.TopicPartition;

/**
 * Owns what belongs to the partitions this worker owns: one {@link OwnedPartition} per partition number
 * (trackers, start-up phase, its slice of the results table) and the pause reasons of their inputs. A
 * partition is added and dropped only here, whole. Confined to the worker loop thread; {@link
 * #trackedTasks()} is read by a gauge (a slightly stale value is fine there).
 */
public final class PartitionBook {
    private final TopicLayout layout;
    private final Map<Integer, OwnedPartition> owned = new TreeMap<>();
    private final PauseBook pauses = new PauseBook();

    public PartitionBook(TopicLayout layout) {
        this.layout = layout;
    }

    public OwnedPartition get(int p) {
        return owned.get(p);
    }

    public boolean owns(int p) {
        return owned.containsKey(p);
    }

    public Set<Integer> numbers() {
        return Set.copyOf(owned.keySet());
    }

    public Collection<OwnedPartition> all() {
        return owned.values();
    }

    public PauseBook pauses() {
        return pauses;
    }

    /** The tracker of an owned input partition, or null. */
    public OffsetTracker tracker(TopicPartition input) {
        OwnedPartition p = owned.get(input.partition());
        return p == null ? null : p.tracker(input);
    }

    /** Every owned input partition. */
    public List<TopicPartition> inputs() {
        List<TopicPartition> inputs = new ArrayList<>();
        owned.values().forEach(p -> inputs.addAll(p.inputs()));
        return inputs;
    }

    /**
     * A newly owned partition: it starts up before any of its input records is judged (its inputs stay paused). Its
     * inputs are the task topics and the verdicts, whose offsets commit with the outcomes like the tasks'.
     */
    public OwnedPartition add(int p) {
        List<TopicPartition> inputs = new ArrayList<>();
        layout.inputTopics().forEach(topic -> inputs.add(new TopicPartition(topic, p)));
        inputs.add(new TopicPartition(layout.verdicts(), p));
        OwnedPartition part = new OwnedPartition(p, new TopicPartition(layout.results(), p), inputs);
        owned.put(p, part);
        pauses.addAll(inputs, PauseReason.RESTORING);
        return part;
    }

    /** Forgets the partition whole: trackers, table slice, pause reasons. */
    public OwnedPartition drop(int p) {
        OwnedPartition part = owned.remove(p);
        if (part != null) {
            pauses.forget(part.inputs());
        }
        return part;
    }

    /** Why not every owned partition is ready (none owned, one starting, restoring or stopped), or null. */
    public String notReadyBecause() {
        if (owned.isEmpty()) {
            return "no partitions assigned yet";
        }
        for (OwnedPartition p : owned.values()) {
            if (p.phase() == OwnedPartition.Phase.STOPPED) {
                return "partition " + p.number() + " is stopped: " + p.stoppedBecause();
            }
            if (!p.ready()) {
                return "partition " + p.number() + " is " + p.phase().name().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * Forgets every task of a purged batch in every owned partition (its tombstones may still be on their
     * way; they find nothing). Returns how many entries went.
     */
    public long evict(String batch) {
        long n = 0;
        for (OwnedPartition p : owned.values()) {
            n += p.evict(batch);
        }
        return n;
    }

    /** Tasks in the restored results table, for a gauge. */
    public long trackedTasks() {
        long n = 0;
        for (OwnedPartition p : owned.values()) {
            n += p.trackedTasks();
        }
        return n;
    }
}
