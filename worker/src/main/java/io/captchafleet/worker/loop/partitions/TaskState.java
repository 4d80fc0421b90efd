package io.captchafleet.worker.loop.partitions;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * What the worker remembers of one task from the results topic: just enough for the idempotence rule.
 * Kept small (a million of them must fit in a modest heap): the solver id, submit time and a task error
 * retried only while the task is in flight. Immutable.
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

    private TaskState(Outcome o, boolean inFlight) {
        this.generation = o.generation();
        this.attempt = o.attempt();
        this.status = (byte) o.status().ordinal();
        this.paidSubmits = (byte) Math.min(o.paidSubmits(), Byte.MAX_VALUE);
        this.solverId = inFlight ? o.solverTaskId() : null;
        this.submittedAtMs = inFlight && o.submittedAt() != null ? o.submittedAt().toEpochMilli() : 0L;
        this.taskErrorRetried = taskErrorRetried(o);
    }

    public static TaskState of(Outcome o) {
        return new TaskState(o, o.status() == OutcomeStatus.IN_FLIGHT);
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
