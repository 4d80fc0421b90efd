package io.captchafleet.common.model;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One event on the fatal-errors topic: for the whole fleet (FATAL, HALT, RESUME) or for one batch (CAP,
 * CANCEL, PURGE). The fleet is halted while the newest FATAL or HALT comes after the newest RESUME (by
 * offset); a batch's controls are the newest of its own events. Make one with the factory for its type.
 *
 * @param type         what the event says
 * @param code         the API error code behind a FATAL (e.g. {@code ERROR_ZERO_BALANCE}), or null
 * @param message      a human-readable reason
 * @param taskId       the task whose request met the error, or null
 * @param worker       the instance id of the worker or the operator command that wrote it
 * @param at           when it was written
 * @param resumeOffset for a FATAL: the offset of the newest RESUME the worker had seen when it sent the
 *                     failing request, or -1; a FATAL older than the newest RESUME is ignored
 * @param batch        the batch a CAP, CANCEL or PURGE is about, else null
 * @param amount       a CAP's spending limit in the account's currency; null lifts the cap
 * @param generation   for a CANCEL: the batch's newest generation when it was cancelled (its tasks of that
 *                     generation and older are cancelled; {@code retry-failed} raises the generation and brings
 *                     the batch back); 0 when absent, which a CANCEL reads as every generation
 */
public record FleetEvent(
        FleetEventType type,
        String code,
        String message,
        String taskId,
        String worker,
        Instant at,
        long resumeOffset,
        String batch,
        BigDecimal amount,
        int generation) {

    public FleetEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        if (type.perBatch() && (batch == null || batch.isBlank())) {
            throw new IllegalArgumentException(type + " needs a batch");
        }
    }

    /** An event without a generation (every type but CANCEL). */
    public FleetEvent(FleetEventType type, String code, String message, String taskId, String worker, Instant at, long resumeOffset,
                      String batch, BigDecimal amount) {
        this(type, code, message, taskId, worker, at, resumeOffset, batch, amount, 0);
    }

    /** A fatal answer met by a worker: the fleet halts unless a RESUME came after the request was sent. */
    public static FleetEvent fatal(String code, String message, String taskId, String worker, Instant at, long resumeOffset) {
        return new FleetEvent(FleetEventType.FATAL, code, message, taskId, worker, at, resumeOffset, null, null);
    }

    /** An operator halts the fleet. */
    public static FleetEvent halt(String reason, String operator, Instant at) {
        return new FleetEvent(FleetEventType.HALT, null, reason, null, operator, at, -1L, null, null);
    }

    /** An operator lets the fleet go again. */
    public static FleetEvent resume(String reason, String operator, Instant at) {
        return new FleetEvent(FleetEventType.RESUME, null, reason, null, operator, at, -1L, null, null);
    }

    /** A spending limit for one batch; a null {@code amount} lifts it. */
    public static FleetEvent cap(String batch, BigDecimal amount, String operator, Instant at) {
        return new FleetEvent(FleetEventType.CAP, null, null, null, operator, at, -1L, batch, amount);
    }

    /** No new submits for one batch, in every generation; its unpaid tasks end as cancelled. */
    public static FleetEvent cancel(String batch, String reason, String operator, Instant at) {
        return cancel(batch, 0, reason, operator, at);
    }

    /**
     * No new submits for the tasks of one batch up to {@code generation} (its newest when cancelled); its
     * unpaid tasks end as cancelled. A later generation ({@code retry-failed}) is not cancelled.
     */
    public static FleetEvent cancel(String batch, int generation, String reason, String operator, Instant at) {
        return new FleetEvent(FleetEventType.CANCEL, null, reason, null, operator, at, -1L, batch, null, generation);
    }

    /** A finished batch's records are deleted; workers forget it. */
    public static FleetEvent purge(String batch, String operator, Instant at) {
        return new FleetEvent(FleetEventType.PURGE, null, null, null, operator, at, -1L, batch, null);
    }
}
