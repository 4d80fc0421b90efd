package io.captchafleet.worker.loop.partitions;

import java.util.HashMap;
import java.util.Map;

import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.model.TaskIds;

/**
 * One owned partition's slice of the results table: what the results topic says of each of its tasks, in
 * two forms. A task still open (in flight, retrying) is kept whole, by task id. A finished one (solved or
 * failed) needs only its status and generation: it is kept per batch as a 64-bit hash of its id and one
 * {@code long} (about 25 to 45 bytes where a whole entry takes about 150), so a finished batch costs little
 * until it is purged, and then {@link #evict} drops it at once. Two ids of one batch share a hash with a
 * probability of about n²/2⁶⁵ (n tasks of the batch in this partition): for a million, one in 37 million.
 *
 * <p>Owned by its {@link OwnedPartition}; confined to the worker loop thread.
 */
final class ResultsSlice {
    private final Map<String, TaskState> open = new HashMap<>();
    private final Map<String, LongLongMap> finished = new HashMap<>();
    private long finishedCount;

    /** What the results say of a task, or null. */
    TaskState known(String taskId) {
        TaskState state = open.get(taskId);
        if (state != null) {
            return state;
        }
        LongLongMap batch = finished.get(TaskIds.batchOf(taskId));
        if (batch == null) {
            return null;
        }
        long packed = batch.get(TaskHash.of(taskId));
        return packed == LongLongMap.ABSENT ? null : TaskState.finished(packed);
    }

    /** Records {@code next} unless a later state is known; only ever moves forward. */
    void advance(String taskId, TaskState next) {
        TaskState known = known(taskId);
        if (known != null && !known.isSupersededBy(next)) {
            return;
        }
        if (next.status().terminal()) {
            open.remove(taskId);
            long before = finished.computeIfAbsent(TaskIds.batchOf(taskId), b -> new LongLongMap())
                    .put(TaskHash.of(taskId), next.packedFinished());
            if (before == LongLongMap.ABSENT) {
                finishedCount++;
            }
        } else {
            removeFinished(taskId);
            open.put(taskId, next);
        }
    }

    /** A tombstone: the task's outcome was deleted. */
    void forget(String taskId) {
        open.remove(taskId);
        removeFinished(taskId);
    }

    /** Drops every entry of a purged batch; returns how many there were. */
    long evict(String batch) {
        LongLongMap gone = finished.remove(batch);
        long n = gone == null ? 0 : gone.size();
        finishedCount -= n;
        int openBefore = open.size();
        open.keySet().removeIf(taskId -> TaskIds.batchOf(taskId).equals(batch));
        return n + openBefore - open.size();
    }

    long size() {
        return open.size() + finishedCount;
    }

    private void removeFinished(String taskId) {
        LongLongMap batch = finished.get(TaskIds.batchOf(taskId));
        if (batch != null && batch.remove(TaskHash.of(taskId)) != LongLongMap.ABSENT) {
            finishedCount--;
            if (batch.size() == 0) {
                finished.remove(TaskIds.batchOf(taskId));
            }
        }
    }
}
