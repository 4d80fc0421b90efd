package io.captchafleet.worker.loop.tasks;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.TaskRecord;
import io.captchafleet.common.serde.Json;
import io.captchafleet.worker.loop.partitions.TaskState;
import io.captchafleet.worker.solver.Cost;
import io.captchafleet.worker.solver.SolveHandle;
import io.captchafleet.worker.solver.SolveRequest;
import io.captchafleet.worker.solver.SolveResult;

/**
 * A task this worker is working on, from admission until its outcome is committed. Its fields are
 * read by anyone on the loop thread and written only by the {@link TaskBook}, which keeps its counts
 * exact. Confined to the worker loop thread (solver callbacks reach it only as events the loop drains).
 *
 * <p>Two kinds of task data: the {@linkplain #input() input record}, the task exactly as it was submitted
 * (the only source of a submit or a retry record), and the data for its outcome, which for a task resumed
 * from its {@code in_flight} outcome is that outcome's redacted copy. A resumed task has no input until
 * its input record arrives; it can be polled, never submitted.
 */
public final class Task {
    private final String taskId;
    private final int partition;
    private final TaskRecord forOutcome;
    private InputRecord input;
    private Stage stage;
    private int paidSubmits;
    private String solverId;
    private Instant submittedAt;
    private SolveResult.Failed heldFailure;
    /** When a short retry is due (epoch ms), while it waits for one. */
    private long retryAtMs;
    private boolean shortRetryUsed;
    /** The task error retried in this attempt (the one more try it allows), or null; recorded with the next paid submit. */
    private String taskErrorRetried;
    private long solveToken;
    private SolveHandle handle;
    private BigDecimal cost;
    private String costSource;
    private boolean spendReserved;

    private Task(TaskRecord forOutcome, int partition, InputRecord input, int paidSubmits, BigDecimal cost) {
        this.taskId = forOutcome.taskId();
        this.partition = partition;
        this.forOutcome = forOutcome;
        this.input = input;
        this.paidSubmits = paidSubmits;
        this.cost = cost;
    }

    static Task fromInput(InputRecord input, int paidSubmits) {
        return new Task(input.task(), input.source().partition(), input, paidSubmits, input.task().cost());
    }

    /** A paid task known only from its {@code in_flight} outcome (its task data redacted): polled, never submitted. */
    static Task fromOutcome(Outcome inFlight, int partition) {
        TaskRecord redacted = new TaskRecord(inFlight.taskId(), inFlight.batch(), inFlight.index(), inFlight.generation(),
                inFlight.attempt(), inFlight.taskData() != null ? inFlight.taskData() : Json.object(), 0L, null,
                inFlight.paidSubmits(), inFlight.cost(), null, null);
        Task t = new Task(redacted, partition, null, inFlight.paidSubmits(), inFlight.cost());
        t.costSource = inFlight.costSource();
        t.paidBefore(inFlight.solverTaskId(), inFlight.submittedAt());
        t.taskErrorRetried = TaskState.taskErrorRetried(inFlight);
        return t;
    }

    public String taskId() {
        return taskId;
    }

    public int partition() {
        return partition;
    }

    public Stage stage() {
        return stage;
    }

    /** Batch, index, generation, attempt and task data for the task's outcomes (redact the data before writing it). */
    public TaskRecord forOutcome() {
        return forOutcome;
    }

    /** The task as it was submitted, once its input record has been read here. */
    public Optional<InputRecord> input() {
        return Optional.ofNullable(input);
    }

    /** What a submit sends: only ever the input record's data, never an outcome's redacted copy. */
    SolveRequest submitRequest() {
        if (input == null) {
            throw new IllegalStateException("task " + taskId + " has no input record: it can be polled, not submitted");
        }
        return SolveRequest.of(taskId, input.task().taskData());
    }

    /** What a poll needs: the task id and its kind (for the first-poll delay). */
    SolveRequest pollRequest() {
        return SolveRequest.of(taskId, input != null ? input.task().taskData() : forOutcome.taskData());
    }

    public int paidSubmits() {
        return paidSubmits;
    }

    public String solverId() {
        return solverId;
    }

    public Instant submittedAt() {
        return submittedAt;
    }

    /** What its paid submits in this generation cost as far as known, or null when nothing is known. */
    public BigDecimal cost() {
        return cost;
    }

    /** Where the last known cost came from ({@link Cost#source()}), or null. */
    public String costSource() {
        return costSource;
    }

    /** Whether it holds a share of its batch's spend cap for its next (or current, unrecorded) paid submit. */
    public boolean spendReserved() {
        return spendReserved;
    }

    /** The batch, for the spend ledger. */
    public String batch() {
        return forOutcome.batch();
    }

    /** The failure a resumed task holds while it waits for its input record. */
    SolveResult.Failed heldFailure() {
        return heldFailure;
    }

    /** When its short retry is due (epoch ms); meaningful while it is {@link Stage#DELAYED}. */
    public long retryAtMs() {
        return retryAtMs;
    }

    /** Whether its submit was already retried once without a retry record in this attempt. */
    public boolean shortRetryUsed() {
        return shortRetryUsed;
    }

    /** The task error retried in this attempt (it allows one more try, no second), or null. */
    public String taskErrorRetried() {
        return taskErrorRetried;
    }

    /** Whether an event of the solve with this token is still this task's current solve. */
    public boolean isCurrentSolve(long token) {
        return token == solveToken;
    }

    // ---- written by the TaskBook only ----

    void stage(Stage next) {
        stage = next;
    }

    void attach(InputRecord record) {
        input = record;
    }

    void paid(String id, Instant at) {
        paidSubmits++;
        solverId = id;
        submittedAt = at;
    }

    /** Paid before it came here, and recorded: its solver id and submit time from the results. */
    void paidBefore(String id, Instant at) {
        solverId = id;
        submittedAt = at;
    }

    void countAmbiguousSubmit() {
        paidSubmits++;
    }

    void addCost(Cost c) {
        if (c != null) {
            cost = cost == null ? c.amount() : cost.add(c.amount());
            costSource = c.source();
        }
    }

    void spendReserved(boolean reserved) {
        spendReserved = reserved;
    }

    void forgetSolverId() {
        solverId = null;
    }

    void atLeastPaid(int paid) {
        paidSubmits = Math.max(paidSubmits, paid);
    }

    /** Waits for a short retry due at {@code atMs}; a task error retried is remembered (it allows one more try only). */
    void retryAt(long atMs, String taskError) {
        retryAtMs = atMs;
        if (taskError != null) {
            taskErrorRetried = taskError;
        } else {
            shortRetryUsed = true;
        }
    }

    void taskErrorRetried(String code) {
        taskErrorRetried = code;
    }

    void hold(SolveResult.Failed failure) {
        heldFailure = failure;
    }

    long nextSolveToken() {
        return ++solveToken;
    }

    void handle(SolveHandle h) {
        handle = h;
    }

    /** Stops the current solve locally and ignores its further events. */
    void cancelSolve() {
        solveToken++;
        if (handle != null) {
            handle.cancel();
            handle = null;
        }
    }
}
