package io.captchafleet.worker.loop.partitions;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * What the worker remembers of one task from the results topic: just enough for the idempotence rule.
 * Kept small (a million of them must fit in a modest heap): the solver id, submit time and a task error
 * retried only while the task is in flight. A finished task (solved or failed) is stored as one {@code long} of
 * its status and generation ({@link #packedFinished()}) and read back with {@link #finished(long)}: for the
 * idempotence rule nothing else of it matters, since no record of the same generation comes after its end. Immutable.
 */
public final class TaskState {
    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();

    private final int generation;
    private final int attempt;
    private final byte status;
    private final byte paidSubmits;
    private final String solverId;
    private final long submittedAtMs;
    private final String taskErrorRetried;

    private TaskState(int generation, int attempt, OutcomeStatus status, int paidSubmits, String solverId, long submittedAtMs,
                      String taskErrorRetried) {
        this.generation = generation;
        this.attempt = attempt;
        this.status = (byte) status.ordinal();
        this.paidSubmits = (byte) Math.min(paidSubmits, Byte.MAX_VALUE);
        this.solverId = solverId;
        this.submittedAtMs = submittedAtMs;
        this.taskErrorRetried = taskErrorRetried;
    }

    /**
     * A finished task as {@link #packedFinished()} stored it: its status and generation. Its attempt reads as
     * the highest there is, so no record of its generation is newer (the generation ended with it).
     */
    static TaskState finished(long packed) {
        OutcomeStatus status = (packed & 1) == 1 ? OutcomeStatus.SOLVED : OutcomeStatus.FAILED;
        return new TaskState((int) (packed >>> 1), Integer.MAX_VALUE, status, 0, null, 0L, null);
    }

    /** A finished task's status and generation as one positive {@code long}. */
    long packedFinished() {
        if (!status().terminal()) {
            throw new IllegalStateException("only a finished task is kept packed, not one " + status().wire());
        }
        return ((long) generation << 1) | (status() == OutcomeStatus.SOLVED ? 1 : 0);
    }

    public static TaskState of(Outcome o) {
        boolean inFlight = o.status() == OutcomeStatus.IN_FLIGHT;
        return new TaskState(o.generation(), o.attempt(), o.status(), o.paidSubmits(), inFlight ? o.solverTaskId() : null,
                inFlight && o.submittedAt() != null ? o.submittedAt().toEpochMilli() : 0L, taskErrorRetried(o));
    }

    /**
     * The task error an {@code in_flight} outcome says its attempt already had one more try for (its {@code error} with
     * category {@code task}: the submit it records was that try), or null.
     */
    public static String taskErrorRetried(Outcome o) {
        return o.status() == OutcomeStatus.IN_FLIGHT && o.error() != null && ErrorCategory.TASK.wire().equals(o.category())
                ? o.error() : null;
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

    /** The task error already retried in the attempt in flight, or null. */
    public String taskErrorRetried() {
        return taskErrorRetried;
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
