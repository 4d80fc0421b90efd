package io.captchafleet.producer.state;

import java.math.BigDecimal;
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
 * status, the error code's number in a small table, the paid submits and what the task cost (in units of
 * 10^-8 of the account's currency, up to about 85 per task), keyed by the task id's 64-bit hash. Counters
 * follow every change, so a status is read without walking the map. Not thread-safe.
 */
public final class BatchTally {
    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();
    private static final int STATUS_BITS = 2;
    private static final int ERROR_BITS = 20;
    private static final long ERROR_MASK = (1L << ERROR_BITS) - 1;
    private static final int PAID_BITS = 8;
    private static final long PAID_MAX = (1L << PAID_BITS) - 1;
    private static final int PAID_SHIFT = STATUS_BITS + ERROR_BITS;
    /** Set when the outcome records a cost; the cost itself is in the bits above. */
    private static final int COSTED_SHIFT = PAID_SHIFT + PAID_BITS;
    private static final int COST_SHIFT = COSTED_SHIFT + 1;
    private static final long COST_MAX = (1L << (64 - COST_SHIFT)) - 1;
    private static final BigDecimal COST_UNIT = new BigDecimal("0.00000001");

    private final LongLongMap latest = new LongLongMap();
    private final long[] byStatus = new long[STATUSES.length];
    private final List<String> errorNames = new ArrayList<>(List.of(""));
    private final Map<String, Integer> errorNumbers = new HashMap<>();
    private long[] failedByError = new long[8];
    private long paidSubmits;
    private long costUnits;
    private long uncostedSubmits;
    private long lastFinishedAt;
    private long balanceAt = Long.MIN_VALUE;
    private BalanceSeen balance;

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

    /** What the tasks' outcomes say they cost, added up. */
    public BigDecimal spent() {
        return COST_UNIT.multiply(BigDecimal.valueOf(costUnits)).stripTrailingZeros();
    }

    /** Paid submits no recorded cost covers yet (the one being polled of a task in flight, and those of costless outcomes). */
    public long uncostedSubmits() {
        return uncostedSubmits;
    }

    /** The account balance a worker saw last, as the newest outcome that names one says, or null. */
    public BalanceSeen balance() {
        return balance;
    }

    /** An outcome written at {@code timestampMs} named the balance its worker saw last ({@code amount@instant}). */
    public void balanceSeen(String header, long timestampMs) {
        if (timestampMs >= balanceAt) {
            balanceAt = timestampMs;
            balance = BalanceSeen.parse(header);
        }
    }

    private long pack(Outcome o) {
        long error = o.error() == null ? 0 : errorNumber(o.error());
        long paid = Math.min(Math.max(o.paidSubmits(), 0), PAID_MAX);
        long packed = o.status().ordinal() | (error << STATUS_BITS) | (paid << PAID_SHIFT);
        if (o.cost() != null) {
            long units = o.cost().divide(COST_UNIT).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
            packed |= (1L << COSTED_SHIFT) | (Math.min(units, COST_MAX) << COST_SHIFT);
        }
        return packed;
    }

    private void count(long packed, int delta) {
        int status = (int) (packed & 3);
        int error = (int) ((packed >>> STATUS_BITS) & ERROR_MASK);
        long paid = (packed >>> PAID_SHIFT) & PAID_MAX;
        boolean costed = ((packed >>> COSTED_SHIFT) & 1) == 1;
        byStatus[status] += delta;
        paidSubmits += delta * paid;
        costUnits += delta * (packed >>> COST_SHIFT);
        // In flight, the recorded cost covers the submits before the one being polled.
        long uncosted = STATUSES[status] == OutcomeStatus.IN_FLIGHT ? (costed ? Math.min(1, paid) : paid) : (costed ? 0 : paid);
        uncostedSubmits += delta * uncosted;
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
