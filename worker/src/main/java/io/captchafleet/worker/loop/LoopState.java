package io.captchafleet.worker.loop;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the worker loop knows, in one place so that its parts (input handling, completions,
 * commits, rebalances) share one picture. Confined to the worker loop thread; the gauges read the
 * counters without locks, which is fine for a gauge.
 */
final class LoopState {
    /** A record for a task already in flight here: it waits for the first to finish, then is judged again. */
    record Waiting(TopicPartition source, long offset, TaskRecord task) {
    }

    final TaskTable table = new TaskTable();
    final Map<TopicPartition, OffsetTracker> trackers = new HashMap<>();
    final PauseBook pauses = new PauseBook();
    final Map<String, InFlightTask> inFlight = new HashMap<>();
    final Map<String, List<Waiting>> waiting = new HashMap<>();
    /** Admitted tasks waiting for a ledger slot, or for the fleet to resume. */
    final Deque<InFlightTask> submitQueue = new ArrayDeque<>();
    /** Paid tasks whose polling met a fatal error: polled again after the fleet resumes. */
    final List<InFlightTask> parkedPolls = new ArrayList<>();
    final PendingBatch pending = new PendingBatch();
    /**
     * {@code in_flight} records of paid submits whose transaction the group rejected (it moved on, e.g.
     * after a broker restart), and of the last commit before, by partition: see {@link StrandedSubmits}.
     */
    final Map<Integer, List<ProducerRecord<byte[], byte[]>>> strandedPaidSubmits = new HashMap<>();
    /** Partition numbers this worker owns (of every co-partitioned topic). */
    final Set<Integer> owned = new HashSet<>();
    /** Results partitions being restored: partition number → the end offset to reach. */
    final Map<Integer, Long> restoring = new HashMap<>();
    /** Paid tasks seen {@code in_flight} while restoring a partition: polled once the restore ends. */
    final Map<Integer, Map<String, Outcome>> inFlightWhileRestoring = new HashMap<>();
    /** Where the tail of each owned results partition stands, kept across an eager rebalance. */
    final Map<Integer, Long> resultsPositions = new HashMap<>();
    /**
     * Between a revocation and the next assignment (a classic rebalance may span several polls): no task
     * is handed to the solver, since a submit paid now could not be recorded before its partition moves.
     */
    boolean rebalancing;
    /** Submits handed to the solver and not yet known to be unpaid, plus paid submits not yet recorded. */
    int ledgerInUse;
    volatile int inFlightCount;
    volatile int ledgerGauge;
    /** Tasks handed to the solver or with outcomes not yet committed: work a halt lets finish. */
    volatile int unsettled;

    void publishGauges() {
        inFlightCount = inFlight.size();
        ledgerGauge = ledgerInUse;
        int busy = pending.isEmpty() ? 0 : 1;
        for (InFlightTask t : inFlight.values()) {
            if (t.stage != InFlightTask.Stage.QUEUED) {
                busy++;
            }
        }
        unsettled = busy;
    }

    /** Counts the ledger again from what is left, after tasks or a pending batch were dropped. */
    void recountLedger() {
        int submitting = 0;
        for (InFlightTask t : inFlight.values()) {
            if (t.stage == InFlightTask.Stage.SUBMITTING) {
                submitting++;
            }
        }
        int stranded = 0;
        for (List<ProducerRecord<byte[], byte[]>> records : strandedPaidSubmits.values()) {
            stranded += records.size();
        }
        // Kept paid submits may be unrecorded too (those of the last commit are checked, not known to be
        // missing): until their partitions' restores end, a crash could pay for them again.
        ledgerInUse = submitting + pending.unrecordedPaidSubmits() + stranded;
    }

    /** Forgets every task of a partition (lost or revoked and not given back). */
    List<InFlightTask> dropPartition(int partition) {
        List<InFlightTask> dropped = new ArrayList<>();
        inFlight.values().removeIf(t -> {
            if (t.partition() == partition) {
                dropped.add(t);
                return true;
            }
            return false;
        });
        submitQueue.removeIf(t -> t.partition() == partition);
        parkedPolls.removeIf(t -> t.partition() == partition);
        waiting.values().forEach(list -> list.removeIf(w -> w.source().partition() == partition));
        waiting.values().removeIf(List::isEmpty);
        trackers.keySet().removeIf(tp -> tp.partition() == partition);
        table.drop(partition);
        restoring.remove(partition);
        inFlightWhileRestoring.remove(partition);
        resultsPositions.remove(partition);
        owned.remove(partition);
        return dropped;
    }
}
