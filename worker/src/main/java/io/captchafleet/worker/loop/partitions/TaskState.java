package io.captchafleet.worker.loop.partitions;

import java.time.Instant;

import io.captchafleet.common.errors.ErrorCategory;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * What the worker remembers of one task from the results topic: just enough for the idempotence rule, the
 * batch's spend and the report of its answer. Kept small (a million of them must fit in a modest heap): the
 * solver id and a task error retried only while the task is in flight, and one {@code long} that is the submit
 * time while in flight and otherwise the offset of the outcome in its results partition (so a report can read
 * the whole outcome back without the worker holding it). A finished task (solved or failed) is stored as one
 * {@code long} ({@link FinishedEntry}: status, report stage, paid submits, generation, outcome offset) plus its
 * cost when it has one, and read back with {@link #finished(long, double)}: no record of its generation comes
 * after its end, so its attempt does not matter. Immutable.
 */
public final class TaskState {
    private static final OutcomeStatus[] STATUSES = OutcomeStatus.values();
    private static final long UNKNOWN_OFFSET = -1L;

    private final int generation;
    private final int attempt;
    private final byte status;
    private final byte paidSubmits;
    private final byte report;
    private final float cost;
    private final String solverId;
    /** Submit time (epoch ms) while in flight, else the outcome's offset in its results partition (or -1). */
    private final long submittedAtOrOffset;
    private final String taskErrorRetried;

    private TaskState(int generation, int attempt, OutcomeStatus status, int paidSubmits, ReportStage report, float cost,
                      String solverId, long submittedAtOrOffset, String taskErrorRetried) {
        this.generation = generation;
        this.attempt = attempt;
        this.status = (byte) status.ordinal();
        this.paidSubmits = (byte) Math.min(paidSubmits, Byte.MAX_VALUE);
        this.report = (byte) report.ordinal();
        this.cost = cost;
        this.solverId = solverId;
        this.submittedAtOrOffset = submittedAtOrOffset;
        this.taskErrorRetried = taskErrorRetried;
    }

    /** The state an outcome describes, its offset not known (an outcome this worker is writing). */
    public static TaskState of(Outcome o) {
        return of(o, UNKNOWN_OFFSET);
    }

    /** The state an outcome read at {@code offset} of its results partition describes. */
    public static TaskState of(Outcome o, long offset) {
        boolean inFlight = o.status() == OutcomeStatus.IN_FLIGHT;
        return new TaskState(o.generation(), o.attempt(), o.status(), o.paidSubmits(), ReportStage.of(o),
                o.cost() == null ? Float.NaN : o.cost().floatValue(),
                inFlight ? o.solverTaskId() : null,
                inFlight ? (o.submittedAt() != null ? o.submittedAt().toEpochMilli() : 0L) : offset,
                taskErrorRetried(o));
    }

    /**
     * A finished task as {@link FinishedEntry#pack} stored it, with its cost (NaN for none). Its attempt reads as
     * the highest there is, so no record of its generation is newer (the generation ended with it).
     */
    static TaskState finished(long packed, double cost) {
        return new TaskState(FinishedEntry.generation(packed), Integer.MAX_VALUE, FinishedEntry.status(packed),
                FinishedEntry.paidSubmits(packed), FinishedEntry.report(packed), (float) cost, null,
                FinishedEntry.offset(packed), null);
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
        long at = status() == OutcomeStatus.IN_FLIGHT ? submittedAtOrOffset : 0L;
        return at == 0L ? null : Instant.ofEpochMilli(at);
    }

    /** Where the outcome is in its results partition, or -1 while unknown (an own outcome not yet read back) or in flight. */
    public long outcomeOffset() {
        return status() == OutcomeStatus.IN_FLIGHT ? UNKNOWN_OFFSET : submittedAtOrOffset;
    }

    /** What the outcome says the task cost (the submits before the current one, while in flight), or NaN when it says nothing. */
    public double cost() {
        return cost;
    }

    /** Where the report of the task's answer stands. */
    public ReportStage report() {
        return ReportStage.values()[report];
    }

    /**
     * Whether {@code next} describes a later state of the task than this one. Within one generation and
     * attempt a task goes retrying → in flight → failed or solved; a new submit after a forgotten solver id
     * is in flight again with one more paid submit. Solved is final for every generation, but its report goes
     * on: none → sending → done.
     */
    public boolean isSupersededBy(TaskState next) {
        if (status() == OutcomeStatus.SOLVED) {
            return next.status() == OutcomeStatus.SOLVED && next.report > report;
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

    /**
     * The state to keep when {@code incoming} is read: the later one, or the same one with its offset now known. A
     * finished task is the same end when status, report stage and generation agree (its kept attempt is the highest
     * there is, so attempts are not compared: a generation ends once).
     */
    static TaskState merge(TaskState known, TaskState incoming) {
        if (known.isSupersededBy(incoming)) {
            return incoming;
        }
        boolean same = known.status == incoming.status && known.report == incoming.report
                && (known.status().terminal() ? known.generation == incoming.generation : !incoming.isSupersededBy(known));
        return same && known.outcomeOffset() < 0 && incoming.outcomeOffset() >= 0 ? incoming : known;
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
