package io.captchafleet.common.serde;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.captchafleet.common.model.Outcome;
import io.captchafleet.common.model.OutcomeStatus;

/**
 * JSON form of an {@link Outcome}: the results topic's value and the {@code results} export line.
 * Stateless and thread-safe.
 */
public final class OutcomeCodec {
    private static final String WHAT = "outcome record";

    private OutcomeCodec() {
    }

    public static byte[] write(Outcome o) {
        return Json.writeBytes(toNode(o));
    }

    public static ObjectNode toNode(Outcome o) {
        return new RecordWriter()
                .put("task_id", o.taskId())
                .put("batch", o.batch())
                .put("index", o.index())
                .put("generation", o.generation())
                .put("attempt", o.attempt())
                .put("status", o.status().wire())
                .put("token", o.token())
                .put("error", o.error())
                .put("category", o.category())
                .put("solve_time", o.solveTime())
                .put("solver_task_id", o.solverTaskId())
                .put("paid_submits", o.paidSubmits())
                .put("submitted_at", o.submittedAt())
                .put("solved_at", o.solvedAt())
                .put("expires_at", o.expiresAt())
                .put("worker", o.worker())
                .put("task_data", o.taskData())
                .put("cost", o.cost())
                .put("cost_source", o.costSource())
                .put("report", o.report())
                .put("reported_at", o.reportedAt())
                .put("report_result", o.reportResult())
                .node();
    }

    /** @throws RecordFormatException naming the field that is missing or wrong */
    public static Outcome read(byte[] bytes) {
        StrictObject o = StrictObject.parseVersioned(bytes, WHAT);
        String statusText = o.requiredText("status");
        OutcomeStatus status = OutcomeStatus.fromWire(statusText).orElseThrow(() -> o.invalid("status",
                "must be one of in_flight, retrying, solved, failed; got \"" + statusText + "\""));
        return new Outcome(
                o.requiredText("task_id"),
                o.requiredText("batch"),
                o.requiredLong("index", 0),
                o.requiredInt("generation", 1),
                o.requiredInt("attempt", 1),
                status,
                o.optionalText("token"),
                o.optionalText("error"),
                o.optionalText("category"),
                o.optionalDouble("solve_time"),
                o.optionalText("solver_task_id"),
                o.optionalInt("paid_submits", 0, 0),
                o.optionalInstant("submitted_at"),
                o.optionalInstant("solved_at"),
                o.optionalInstant("expires_at"),
                o.optionalText("worker"),
                o.optionalObject("task_data"),
                o.optionalDecimal("cost"),
                o.optionalText("cost_source"),
                o.optionalText("report"),
                o.optionalInstant("reported_at"),
                o.optionalText("report_result"));
    }
}
