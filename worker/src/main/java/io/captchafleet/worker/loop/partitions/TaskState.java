package io.captchafleet.worker.loop.partitions;

import java.time.Instant;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * What the worker remembers of one task from the results topic: just enough for the idempotence rule.
 * Kept small (a million of them must fit in a modest heap): the solver id and submit time only while
 * the task is in flight. Immutable.
 */
public final class TaskState {
    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();

    private final int generation;
    private final int attempt;
    private final byte status;
    private final byte paidSubmits;
    private final String solverId;
    private final long submittedAtMs;

    private TaskState(int generation, int attempt, OutcomeStatus status, int paidSubmits, String solverId, long submittedAtMs) {
        this.generation = generation;
        this.attempt = attempt;
        this.status = (byte) status.ordinal();
        this.paidSubmits = (byte) Math.min(paidSubmits, Byte.MAX_VALUE);
        this.solverId = solverId;
        this.submittedAtMs = submittedAtMs;
    }

    public static TaskState of(Outcome o) {
        boolean inFlight = o.status() == OutcomeStatus.IN_FLIGHT;
        return new TaskState(o.generation(), o.attempt(), o.status(), o.paidSubmits(),
                inFlight ? o.solverTaskId() : null,
                inFlight && o.submittedAt() != null ? o.submittedAt().toEpochMilli() : 0L);
    }

    public int generation() {
        return generation;
    }

    public int attempt() {
        return attempt;
    }

    public OutcomeStatus status() {
        return STATUSES[status];
    }

    public int paidSubmits() {
        return paidSubmits;
    }

    public String solverId() {
        return solverId;
    }

    public Instant submittedAt() {
        return submittedAtMs == 0L ? null : Instant.ofEpochMilli(submittedAtMs);
    }

    /**
     * Whether {@code next} describes a later state of the task than this one. Within one generation and
     * attempt a task goes retrying → in flight → failed or solved; a new submit after a forgotten solver id
     * is in flight again with one more paid submit. Solved is final for every generation.
     */
    public boolean isSupersededBy(TaskState next) {
        if (status() == OutcomeStatus.SOLVED) {
            return false;
        }
        int c = Integer.compare(next.generation, generation);
        if (c == 0) {
            c = Integer.compare(next.attempt, attempt);
        }
        if (c == 0) {
            c = Integer.compare(rank(next.status()), rank(status()));
        }
        if (c == 0) {
            c = Integer.compare(next.paidSubmits, paidSubmits);
        }
        return c > 0;
    }

    private static int rank(OutcomeStatus s) {
        switch (s) {
            case RETRYING:
                return 0;
            case IN_FLIGHT:
                return 1;
            case FAILED:
                return 2;
            default:
                return 3;
        }
    }
}
