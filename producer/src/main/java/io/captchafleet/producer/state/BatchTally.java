package io.captchafleet.producer.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.captchafleet.common.compact.LongLongMap;
import io.captchafleet.common.compact.TaskHash;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * The latest status of every task of one batch, kept compactly: per task one {@code long} packing the
 * status, the error code's number in a small table, and the paid submits, keyed by the task id's
 * 64-bit hash. Counters follow every change, so a status is read without walking the map. Not
 * thread-safe.
 */
public final class BatchTally {
    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();
    private static final int STATUS_BITS = 2;
    private static final int ERROR_BITS = 20;
    private static final long ERROR_MASK = (1L << ERROR_BITS) - 1;
    private static final long PAID_MAX = (1L << 20) - 1;

    private final LongLongMap latest = new LongLongMap();
    private final long[] byStatus = new long[STATUSES.length];
    private final List<String> errorNames = new ArrayList<>(List.of(""));
    private final Map<String, Integer> errorNumbers = new HashMap<>();
    private long[] failedByError = new long[8];
    private long paidSubmits;
    private long lastFinishedAt;

    /** Takes an outcome read at {@code timestampMs}; a later call for the same task replaces it. */
    public void apply(Outcome o, long timestampMs) {
        long packed = pack(o);
        long old = latest.put(TaskHash.of(o.taskId()), packed);
        if (old != LongLongMap.ABSENT) {
            count(old, -1);
        }
        count(packed, +1);
        if (o.status().terminal()) {
            lastFinishedAt = Math.max(lastFinishedAt, timestampMs);
        }
    }

    /** A deleted task (a tombstone on the compacted topic). */
    public void remove(String taskId) {
        long old = latest.remove(TaskHash.of(taskId));
        if (old != LongLongMap.ABSENT) {
            count(old, -1);
        }
    }

    public long count(OutcomeStatus status) {
        return byStatus[status.ordinal()];
    }

    /** Tasks with any outcome. */
    public long known() {
        return latest.size();
    }

    public long finished() {
        return count(OutcomeStatus.SOLVED) + count(OutcomeStatus.FAILED);
    }

    /** Failed tasks by error code, most frequent first. */
    public Map<String, Long> failedByError() {
        List<Map.Entry<String, Long>> entries = new ArrayList<>();
        for (int i = 0; i < errorNames.size(); i++) {
            if (failedByError[i] > 0) {
                entries.add(Map.entry(i == 0 ? "unknown" : errorNames.get(i), failedByError[i]));
            }
        }
        entries.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        Map<String, Long> ordered = new LinkedHashMap<>();
        entries.forEach(e -> ordered.put(e.getKey(), e.getValue()));
        return ordered;
    }

    /** Paid submits of every task's latest outcome (its current generation). */
    public long paidSubmits() {
        return paidSubmits;
    }

    /** Record time of the newest terminal outcome, epoch ms; 0 before any. */
    public long lastFinishedAt() {
        return lastFinishedAt;
    }

    private long pack(Outcome o) {
        long error = o.error() == null ? 0 : errorNumber(o.error());
        long paid = Math.min(Math.max(o.paidSubmits(), 0), PAID_MAX);
        return o.status().ordinal() | (error << STATUS_BITS) | (paid << (STATUS_BITS + ERROR_BITS));
    }

    private void count(long packed, int delta) {
        int status = (int) (packed & 3);
        int error = (int) ((packed >>> STATUS_BITS) & ERROR_MASK);
        byStatus[status] += delta;
        paidSubmits += delta * (packed >>> (STATUS_BITS + ERROR_BITS));
        if (STATUSES[status] == OutcomeStatus.FAILED) {
            failedByError[error] += delta;
        }
    }

    /** Error codes are few; a runaway number of distinct ones shares the last slot. */
    private int errorNumber(String code) {
        Integer n = errorNumbers.get(code);
        if (n != null) {
            return n;
        }
        if (errorNames.size() > ERROR_MASK) {
            return 0;
        }
        n = errorNames.size();
        errorNames.add(code);
        errorNumbers.put(code, n);
        if (n >= failedByError.length) {
            failedByError = java.util.Arrays.copyOf(failedByError, failedByError.length * 2);
        }
        return n;
    }
}
