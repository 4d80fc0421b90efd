package io.captchafleet.worker.loop.partitions;

import java.util.HashMap;
import java.util.Map;

import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.model.TaskIds;

/**
 * One owned partition's slice of the results table: what the results topic says of each of its tasks, in
 * two forms. A task still open (in flight, retrying) is kept whole, by task id. A finished one (solved or
 * failed) needs only its status and generation for the idempotence rule, its report stage, paid submits and
 * cost for reports and spend, and where its outcome is: it is kept per batch as a 64-bit hash of its id and one
 * {@code long} ({@link FinishedEntry}), its cost (when it has one) as float bits in a second map of the batch
 * (about 25 to 45 bytes a task, 20 more with a cost, where a whole entry takes about 150), so a finished batch
 * costs little until it is purged, and then {@link #evict} drops it at once. A finished task beyond the packed
 * limits (generation, paid submits, offset) stays whole. Two ids of one batch share a hash with a probability
 * of about n²/2⁶⁵ (n tasks of the batch in this partition): for a million, one in 37 million.
 *
 * <p>Owned by its {@link OwnedPartition}; confined to the worker loop thread.
 */
final class ResultsSlice {
    private final Map<String, TaskState> open = new HashMap<>();
    private final Map<String, Finished> finished = new HashMap<>();
    private long finishedCount;

    /** A batch's finished tasks: the packed entries, and the costs of those that have one (float bits). */
    private static final class Finished {
        final LongLongMap entries = new LongLongMap();
        LongLongMap costs;

        double cost(long hash) {
            long bits = costs == null ? LongLongMap.ABSENT : costs.get(hash);
            return bits == LongLongMap.ABSENT ? Double.NaN : Float.intBitsToFloat((int) bits);
        }

        void cost(long hash, double cost) {
            if (!Double.isNaN(cost)) {
                if (costs == null) {
                    costs = new LongLongMap();
                }
                costs.put(hash, Float.floatToIntBits((float) cost));
            } else if (costs != null) {
                costs.remove(hash);
            }
        }
    }

    /** What the results say of a task, or null. */
    TaskState known(String taskId) {
        TaskState state = open.get(taskId);
        if (state != null) {
            return state;
        }
        Finished batch = finished.get(TaskIds.batchOf(taskId));
        if (batch == null) {
            return null;
        }
        long hash = TaskHash.of(taskId);
        long packed = batch.entries.get(hash);
        return packed == LongLongMap.ABSENT ? null : TaskState.finished(packed, batch.cost(hash));
    }

    /** Records {@code next} unless a later state is known; only ever moves forward. */
    void advance(String taskId, TaskState next) {
        TaskState known = known(taskId);
        if (known != null && !known.isSupersededBy(next)) {
            return;
        }
        put(taskId, next);
    }

    /** Records {@code next} as the task's state, whatever was known (the caller has merged them). */
    void put(String taskId, TaskState next) {
        if (FinishedEntry.fits(next)) {
            open.remove(taskId);
            Finished batch = finished.computeIfAbsent(TaskIds.batchOf(taskId), b -> new Finished());
            long hash = TaskHash.of(taskId);
            if (batch.entries.put(hash, FinishedEntry.pack(next)) == LongLongMap.ABSENT) {
                finishedCount++;
            }
            batch.cost(hash, next.cost());
        } else {
            removeFinished(taskId);
            open.put(taskId, next);
        }
    }

    /** A tombstone: the task's outcome was deleted. Returns what was known of it, or null. */
    TaskState forget(String taskId) {
        TaskState open = this.open.remove(taskId);
        if (open != null) {
            return open;
        }
        TaskState finished = known(taskId);
        removeFinished(taskId);
        return finished;
    }

    /** Drops every entry of a purged batch; returns how many there were. */
    long evict(String batch) {
        Finished gone = finished.remove(batch);
        long n = gone == null ? 0 : gone.entries.size();
        finishedCount -= n;
        int openBefore = open.size();
        open.keySet().removeIf(taskId -> TaskIds.batchOf(taskId).equals(batch));
        return n + openBefore - open.size();
    }

    long size() {
        return open.size() + finishedCount;
    }

    private void removeFinished(String taskId) {
        String batchId = TaskIds.batchOf(taskId);
        Finished batch = finished.get(batchId);
        if (batch == null) {
            return;
        }
        long hash = TaskHash.of(taskId);
        if (batch.entries.remove(hash) != LongLongMap.ABSENT) {
            finishedCount--;
            batch.cost(hash, Double.NaN);
            if (batch.entries.size() == 0) {
                finished.remove(batchId);
            }
        }
    }
}
