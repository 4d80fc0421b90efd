package io.captchafleet.common.model;

import java.math.BigDecimal;
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
 * @param cost        what those paid submits cost (the outcome's {@code cost} so far), or null when nothing is known
 * @param maxSpend    the batch's spend cap as {@code submit --max-spend} set it, or null for none; a CAP fleet
 *                    event for the batch overrides it. Carried by every task record of the batch, so a worker knows
 *                    the cap from the record itself, whatever its fleet-event reader has read so far
 * @param spendShare  the share of the batch's tasks in this record's partition (0 to 1), written at submit with a
 *                    cap: a worker may spend this share of the cap on the partition's tasks; null when not known
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
        int paidSubmits,
        BigDecimal cost,
        BigDecimal maxSpend,
        Double spendShare) {

    public TaskRecord {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(taskData, "taskData");
    }

    /** A fresh task as {@code submit} publishes it: generation 1, attempt 1, no spend cap. */
    public static TaskRecord first(String batch, String id, long index, ObjectNode taskData) {
        return first(batch, id, index, taskData, null, null);
    }

    /** A fresh task of a batch with this spend cap and its partition's share of the batch (both null for none). */
    public static TaskRecord first(String batch, String id, long index, ObjectNode taskData, BigDecimal maxSpend, Double spendShare) {
        return new TaskRecord(TaskIds.of(batch, id), batch, index, 1, 1, taskData, 0L, null, 0, null, maxSpend, spendShare);
    }

    /** This task's next attempt, due at {@code notBefore}, with what it has cost so far. */
    public TaskRecord nextAttempt(long notBefore, String lastError, int paidSubmitsSoFar, BigDecimal costSoFar) {
        return new TaskRecord(taskId, batch, index, generation, attempt + 1, taskData, notBefore, lastError, paidSubmitsSoFar,
                costSoFar, maxSpend, spendShare);
    }

    /** This task republished by {@code retry-failed}: a new generation, attempt 1, no paid submits. */
    public TaskRecord nextGeneration(int newGeneration) {
        return new TaskRecord(taskId, batch, index, newGeneration, 1, taskData, 0L, null, 0, null, maxSpend, spendShare);
    }
}
