package io.captchafleet.common.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One event on the fatal-errors topic. The fleet is halted while the newest FATAL or HALT comes after
 * the newest RESUME (by offset).
 *
 * @param type         FATAL, HALT or RESUME
 * @param code         the API error code behind a FATAL (e.g. {@code ERROR_ZERO_BALANCE}), or null
 * @param message      a human-readable reason
 * @param taskId       the task whose request met the error, or null
 * @param worker       the instance id of the worker or the operator command that wrote it
 * @param at           when it was written
 * @param resumeOffset for a FATAL: the offset of the newest RESUME the worker had seen when it sent the
 *                     failing request, or -1; a FATAL older than the newest RESUME is ignored
 */
public record FleetEvent(
        FleetEventType type,
        String code,
        String message,
        String taskId,
        String worker,
        Instant at,
        long resumeOffset) {

    public FleetEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
    }
}
