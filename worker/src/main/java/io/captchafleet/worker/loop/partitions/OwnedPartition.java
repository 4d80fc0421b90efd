package io.captchafleet.worker.loop.partitions;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;
import io.captchafleet.common.model.TaskIds;
import org.apache.kafka.common.TopicPartition;

/**
 * What this worker keeps of one partition number it owns (partition p of every co-partitioned topic):
 * where it stands in its start-up, the offset trackers of its input partitions, its slice of the results
 * table ({@link ResultsSlice}: open tasks whole, finished ones compactly) with what each batch's tasks here
 * cost ({@link BatchSpend}), and the task records held back at their batch's spend cap ({@link SpendHolds}).
 * Owned and changed by the {@link PartitionBook}'s user on the loop thread; a partition is forgotten whole when
 * it goes ({@link PartitionBook#drop}); a purged batch's entries and spend are evicted at once ({@link #evict}).
 */
public final class OwnedPartition {
    /** Where a newly owned partition stands; its inputs are read only once it is {@link #READY}. */
    public enum Phase {
        /** Waiting for its input positions, the restore barrier and the results partition's log end. */
        STARTING,
        /** Reading its results partition up to the log end as it stood at assignment. */
        RESTORING,
        /** Restored; the paid submits a rejected commit left unrecorded are being recorded first. */
        RECORDING,
        /** Restored: its inputs are read, its results tailed. */
        READY,
        /** Its results partition holds a record this worker cannot read: nothing of it is judged. */
        STOPPED
    }

    private final int number;
    private final TopicPartition results;
    private final Map<TopicPartition, OffsetTracker> trackers = new LinkedHashMap<>();
    private final ResultsSlice table = new ResultsSlice();
    private final Map<String, Outcome> paidSeenWhileRestoring = new HashMap<>();
    private final Map<String, Outcome> reportsSeenSendingWhileRestoring = new HashMap<>();
    private final Map<String, BatchSpend> spend = new HashMap<>();
    private final SpendHolds holds = new SpendHolds();
    /** The batch of the last task advanced: outcomes come batch by batch, so this spares most look-ups. */
    private String lastBatch = "";
    private BatchSpend lastSpend;
    private Phase phase = Phase.STARTING;
    private boolean barrierWritten;
    private long restoreEnd = -1;
    private String stoppedBecause;
    private long resultsTail = -1;

    OwnedPartition(int number, TopicPartition results, List<TopicPartition> inputs) {
        this.number = number;
        this.results = results;
        inputs.forEach(tp -> trackers.put(tp, new OffsetTracker()));
    }

    public int number() {
        return number;
    }

    public TopicPartition results() {
        return results;
    }

    public Phase phase() {
        return phase;
    }

    public boolean ready() {
        return phase == Phase.READY;
    }

    public Collection<TopicPartition> inputs() {
        return trackers.keySet();
    }

    public OffsetTracker tracker(TopicPartition input) {
        return trackers.get(input);
    }

    public Map<TopicPartition, OffsetTracker> trackers() {
        return trackers;
    }

    // ---- the results table slice ----

    /** What the results say of a task of this partition, or null. */
    public TaskState known(String taskId) {
        return table.known(taskId);
    }

    /** Records {@code next} unless a later state is known; only ever moves forward. Its batch's spend follows. */
    public void advance(String taskId, TaskState next) {
        TaskState known = table.known(taskId);
        TaskState kept = known == null ? next : TaskState.merge(known, next);
        if (kept == known) {
            return;
        }
        table.put(taskId, kept);
        BatchSpend s = spendOf(taskId);
        if (known != null) {
            s.count(known, -1);
        }
        s.count(kept, +1);
    }

    /** A tombstone: the task's outcome was deleted from the results. */
    public void forget(String taskId) {
        TaskState known = table.forget(taskId);
        if (known != null) {
            spendOf(taskId).count(known, -1);
        }
        paidSeenWhileRestoring.remove(taskId);
        reportsSeenSendingWhileRestoring.remove(taskId);
    }

    /** What the batch's tasks of this partition cost, as the results say; null when none of them has an outcome here. */
    public BatchSpend spend(String batch) {
        BatchSpend s = spend.get(batch);
        return s == null || s.isEmpty() ? null : s;
    }

    /** The task records of this partition held back at their batch's spend cap. */
    public SpendHolds holds() {
        return holds;
    }

    private BatchSpend spendOf(String taskId) {
        int slash = taskId.indexOf('/');
        if (lastSpend != null && slash == lastBatch.length() && taskId.startsWith(lastBatch)) {
            return lastSpend;
        }
        lastBatch = TaskIds.batchOf(taskId);
        lastSpend = spend.computeIfAbsent(lastBatch, b -> new BatchSpend());
        return lastSpend;
    }

    /** Forgets every task of a purged batch and what they cost; returns how many entries went. */
    long evict(String batch) {
        paidSeenWhileRestoring.keySet().removeIf(taskId -> TaskIds.batchOf(taskId).equals(batch));
        reportsSeenSendingWhileRestoring.keySet().removeIf(taskId -> TaskIds.batchOf(taskId).equals(batch));
        spend.remove(batch);
        if (batch.equals(lastBatch)) {
            lastBatch = "";
            lastSpend = null;
        }
        return table.evict(batch);
    }

    public long trackedTasks() {
        return table.size();
    }

    // ---- start-up ----

    public boolean barrierWritten() {
        return barrierWritten;
    }

    public void barrierWritten(boolean written) {
        barrierWritten = written;
    }

    /** The barrier is written and the log end known: read the results partition up to {@code logEnd}. */
    public void restoreTo(long logEnd) {
        restoreEnd = logEnd;
        phase = Phase.RESTORING;
    }

    public long restoreEnd() {
        return restoreEnd;
    }

    /**
     * An outcome read while restoring: paid tasks still in flight at the end are polled again, and reports still
     * on their way at the end are a former owner's, who stopped before it heard the answer.
     */
    public void seenWhileRestoring(Outcome o) {
        if (o.status() == OutcomeStatus.IN_FLIGHT) {
            paidSeenWhileRestoring.put(o.taskId(), o);
        } else {
            paidSeenWhileRestoring.remove(o.taskId());
        }
        if (ReportStage.of(o) == ReportStage.SENDING) {
            reportsSeenSendingWhileRestoring.put(o.taskId(), o);
        } else {
            reportsSeenSendingWhileRestoring.remove(o.taskId());
        }
    }

    /** The outcomes whose report was on its way when the restore ended (taken: the second call answers none). */
    public Collection<Outcome> takeReportsSeenSending() {
        Collection<Outcome> sending = List.copyOf(reportsSeenSendingWhileRestoring.values());
        reportsSeenSendingWhileRestoring.clear();
        return sending;
    }

    /** Restored, but its kept paid submits must be committed before any of its input records is judged. */
    public void recording() {
        phase = Phase.RECORDING;
    }

    /** The restore has ended: its inputs may be read. Returns the paid tasks it found in flight. */
    public Collection<Outcome> restored() {
        phase = Phase.READY;
        Collection<Outcome> paid = List.copyOf(paidSeenWhileRestoring.values());
        paidSeenWhileRestoring.clear();
        return paid;
    }

    /** Stops the partition for good (until another worker, or a newer one, owns it). */
    public void stop(String why) {
        phase = Phase.STOPPED;
        stoppedBecause = why;
    }

    public String stoppedBecause() {
        return stoppedBecause;
    }

    /** Where the tail of its results partition stood at a revocation, for an eager rebalance that gives it back. */
    public long resultsTail() {
        return resultsTail;
    }

    public void resultsTail(long position) {
        resultsTail = position;
    }
}
