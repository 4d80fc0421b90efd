package io.captchafleet.common.model;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One task on the tasks topic or a retry tier.
 *
 * @param taskId      {@code <batch>/<id>}, also the record key
 * @param batch       the batch id
 * @param index       the task's position in its batch file (0-based)
 * @param generation  1 at submit; {@code retry-failed} raises it
 * @param attempt     1 on the tasks topic, raised by every move to a retry tier
 * @param taskData    the user's task object as given ({@code method}, {@code sitekey}, ...); treat as read-only
 * @param notBefore   epoch ms before which a retry-tier record must not be handled; 0 on the tasks topic
 * @param lastError   the error that sent the task to a retry tier, or null
 * @param paidSubmits paid submits already spent on this task in this generation
 */
public record TaskRecord(
        String taskId,
        String batch,
        long index,
        int generation,
        int attempt,
        ObjectNode taskData,
        long notBefore,
        String lastError,
        int paidSubmits) {

    public TaskRecord {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(taskData, "taskData");
    }

    /** A fresh task as {@code submit} publishes it: generation 1, attempt 1. */
    public static TaskRecord first(String batch, String id, long index, ObjectNode taskData) {
        return new TaskRecord(TaskIds.of(batch, id), batch, index, 1, 1, taskData, 0L, null, 0);
    }

    /** This task's next attempt, due at {@code notBefore}. */
    public TaskRecord nextAttempt(long notBefore, String lastError, int paidSubmitsSoFar) {
        return new TaskRecord(taskId, batch, index, generation, attempt + 1, taskData, notBefore, lastError, paidSubmitsSoFar);
    }

    /** This task republished by {@code retry-failed}: a new generation, attempt 1, no paid submits. */
    public TaskRecord nextGeneration(int newGeneration) {
        return new TaskRecord(taskId, batch, index, newGeneration, 1, taskData, 0L, null, 0);
    }
}
