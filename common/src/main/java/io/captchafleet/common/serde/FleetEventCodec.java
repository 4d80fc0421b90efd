package io.captchafleet.common.serde;

import io.captchafleet.common.model.FleetEvent;
import io.captchafleet.common.model.FleetEventType;

/** JSON form of a {@link FleetEvent} (fatal-errors topic). Stateless and thread-safe. */
public final class FleetEventCodec {
    private static final String WHAT = "fleet event";

    private FleetEventCodec() {
    }

    public static byte[] write(FleetEvent e) {
        return new RecordWriter()
                .put("type", e.type().name())
                .put("code", e.code())
                .put("message", e.message())
                .put("task_id", e.taskId())
                .put("worker", e.worker())
                .put("at", e.at())
                .put("resume_offset", e.resumeOffset())
                .put("batch", e.batch())
                .put("amount", e.amount())
                .putPositive("generation", e.generation())
                .bytes();
    }

    /** @throws RecordFormatException naming the field that is missing or wrong */
    public static FleetEvent read(byte[] bytes) {
        StrictObject o = StrictObject.parseVersioned(bytes, WHAT);
        String typeText = o.requiredText("type");
        FleetEventType type = FleetEventType.fromWire(typeText).orElseThrow(() -> o.invalid("type",
                "must be one of " + java.util.Arrays.toString(FleetEventType.values()) + "; got \"" + typeText + "\""));
        String batch = type.perBatch() ? o.requiredText("batch") : o.optionalText("batch");
        return new FleetEvent(
                type,
                o.optionalText("code"),
                o.optionalText("message"),
                o.optionalText("task_id"),
                o.optionalText("worker"),
                o.requiredInstant("at"),
                o.optionalLong("resume_offset", -1, -1L),
                batch,
                o.optionalDecimal("amount"),
                o.optionalInt("generation", 0, 0));
    }
}
