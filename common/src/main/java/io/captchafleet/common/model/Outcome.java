package io.captchafleet.common.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The latest state of one task, as the compacted results topic holds it and {@code results} exports it.
 * Optional values are null when they do not apply (no token before a task is solved, and so on).
 *
 * @param taskId       {@code <batch>/<id>}, also the record key
 * @param status       in_flight, retrying, solved or failed
 * @param token        the solver's answer, when solved
 * @param error        the error code behind a failed or retrying status
 * @param category     the error's category (transient, task, invalid, configuration, budget)
 * @param solveTime    seconds from the paid submit to the answer, when solved
 * @param solverTaskId the provider's id for the paid submit that is (or was) being polled
 * @param paidSubmits  paid submits spent on this task in this generation
 * @param submittedAt  when the current paid submit was accepted
 * @param solvedAt     when the answer arrived
 * @param expiresAt    a hint of when the token stops being valid, from the task kind's token lifetime
 * @param worker       the instance id of the worker that wrote this outcome
 * @param taskData     the task object with secrets (proxy credentials, cookies) redacted
 * @param cost         what this task cost in this generation, in the account's currency: every paid submit's cost
 *                     added up (an {@code in_flight} outcome counts the submits before the one being polled)
 * @param costSource   where the last paid submit's cost came from: {@code api} (the provider said),
 *                     {@code balance} (estimated from the account balance), {@code price} (the profile's or the
 *                     user's price per task), {@code refunded} (an unsolvable answer the provider refunds)
 * @param report       the verdict reported to the provider for this answer ({@code bad} or {@code good}), or null
 * @param reportedAt   when the provider answered the report, or null
 * @param reportResult what came of the report: the provider's answer ({@code OK_REPORT_RECORDED}, an error
 *                     code), {@code too_late} (past the provider's window, not sent), {@code sending} (the report
 *                     is on its way), {@code unconfirmed} (sent by a worker that stopped before it heard the answer)
 */
public record Outcome(
        String taskId,
        String batch,
        long index,
        int generation,
        int attempt,
        OutcomeStatus status,
        String token,
        String error,
        String category,
        Double solveTime,
        String solverTaskId,
        int paidSubmits,
        Instant submittedAt,
        Instant solvedAt,
        Instant expiresAt,
        String worker,
        ObjectNode taskData,
        BigDecimal cost,
        String costSource,
        String report,
        Instant reportedAt,
        String reportResult) {

    public Outcome {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(status, "status");
    }

    /** Starts an outcome for {@code task}, with every optional value empty. */
    public static Builder forTask(TaskRecord task, OutcomeStatus status) {
        return new Builder(task.taskId(), task.batch(), task.index(), task.generation(), status)
                .attempt(task.attempt()).paidSubmits(task.paidSubmits()).taskData(task.taskData());
    }

    /** A builder holding this outcome's values, for a changed copy. */
    public Builder toBuilder() {
        return new Builder(taskId, batch, index, generation, status).attempt(attempt).token(token).error(error, category)
                .solveTime(solveTime).solverTaskId(solverTaskId).paidSubmits(paidSubmits).submittedAt(submittedAt)
                .solvedAt(solvedAt).expiresAt(expiresAt).worker(worker).taskData(taskData).cost(cost, costSource)
                .report(report, reportedAt, reportResult);
    }

    /** Builder for the many optional values of an outcome. */
    public static final class Builder {
        private final String taskId;
        private final String batch;
        private final long index;
        private final int generation;
        private OutcomeStatus status;
        private int attempt;
        private String token;
        private String error;
        private String category;
        private Double solveTime;
        private String solverTaskId;
        private int paidSubmits;
        private Instant submittedAt;
        private Instant solvedAt;
        private Instant expiresAt;
        private String worker;
        private ObjectNode taskData;
        private BigDecimal cost;
        private String costSource;
        private String report;
        private Instant reportedAt;
        private String reportResult;

        private Builder(String taskId, String batch, long index, int generation, OutcomeStatus status) {
            this.taskId = taskId;
            this.batch = batch;
            this.index = index;
            this.generation = generation;
            this.status = status;
        }

        public Builder status(OutcomeStatus value) {
            this.status = value;
            return this;
        }

        public Builder attempt(int value) {
            this.attempt = value;
            return this;
        }

        public Builder token(String value) {
            this.token = value;
            return this;
        }

        public Builder error(String code, String categoryName) {
            this.error = code;
            this.category = categoryName;
            return this;
        }

        public Builder solveTime(Double seconds) {
            this.solveTime = seconds;
            return this;
        }

        public Builder solverTaskId(String value) {
            this.solverTaskId = value;
            return this;
        }

        public Builder paidSubmits(int value) {
            this.paidSubmits = value;
            return this;
        }

        public Builder submittedAt(Instant value) {
            this.submittedAt = value;
            return this;
        }

        public Builder solvedAt(Instant value) {
            this.solvedAt = value;
            return this;
        }

        public Builder expiresAt(Instant value) {
            this.expiresAt = value;
            return this;
        }

        public Builder worker(String value) {
            this.worker = value;
            return this;
        }

        /** The task data to record; callers pass it through the redactor first. */
        public Builder taskData(ObjectNode value) {
            this.taskData = value;
            return this;
        }

        /** What the task cost so far and where its last paid submit's cost came from. */
        public Builder cost(BigDecimal amount, String source) {
            this.cost = amount;
            this.costSource = source;
            return this;
        }

        /** The verdict reported to the provider, when the provider answered, and what it answered. */
        public Builder report(String verdict, Instant at, String result) {
            this.report = verdict;
            this.reportedAt = at;
            this.reportResult = result;
            return this;
        }

        public Outcome build() {
            return new Outcome(taskId, batch, index, generation, attempt, status, token, error,
                    category, solveTime, solverTaskId, paidSubmits, submittedAt, solvedAt, expiresAt, worker, taskData, cost,
                    costSource, report, reportedAt, reportResult);
        }
    }
}
