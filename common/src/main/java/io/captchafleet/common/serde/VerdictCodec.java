package io.captchafleet.common.serde;

import io.captchafleet.common.model.Verdict;

/** JSON form of a {@link Verdict} (verdicts topic). Stateless and thread-safe. */
public final class VerdictCodec {
    private static final String WHAT = "verdict";

    private VerdictCodec() {
    }

    public static byte[] write(Verdict v) {
        return new RecordWriter()
                .put("task_id", v.taskId())
                .put("verdict", v.verdict().wire())
                .put("by", v.by())
                .put("at", v.at())
                .bytes();
    }

    /** @throws RecordFormatException naming the field that is missing or wrong */
    public static Verdict read(byte[] bytes) {
        return of(StrictObject.parseVersioned(bytes, WHAT));
    }

    /** A verdict from an object already parsed (a line of a {@code report --from} file has no {@code v}). */
    public static Verdict of(StrictObject o) {
        String taskId = o.requiredText("task_id");
        if (taskId.indexOf('/') <= 0 || taskId.endsWith("/")) {
            throw o.invalid("task_id", "must be \"<batch>/<id>\", got \"" + taskId + "\"");
        }
        String text = o.requiredText("verdict");
        Verdict.Kind kind = Verdict.Kind.fromWire(text).orElseThrow(() -> o.invalid("verdict",
                "must be \"bad\" or \"good\", got \"" + text + "\""));
        return new Verdict(taskId, kind, o.optionalText("by"), o.optionalInstant("at"));
    }
}
