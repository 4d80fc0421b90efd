package io.captchafleet.common.serde;

import io.captchafleet.common.model.TaskRecord;

/** JSON form of a {@link TaskRecord} (tasks and retry topics). Stateless and thread-safe. */
public final class TaskCodec {
    private static final String WHAT = "task record";

    private TaskCodec() {
    }

    public static byte[] write(TaskRecord t) {
        RecordWriter w = new RecordWriter()
                .put("task_id", t.taskId())
                .put("batch", t.batch())
                .put("index", t.index())
                .put("generation", t.generation())
                .put("attempt", t.attempt())
                .put("task_data", t.taskData());
        if (t.notBefore() > 0) {
            w.put("not_before", t.notBefore());
        }
        w.put("last_error", t.lastError());
        if (t.paidSubmits() > 0) {
            w.put("paid_submits", t.paidSubmits());
        }
        w.put("cost", t.cost());
        w.put("max_spend", t.maxSpend());
        w.put("spend_share", t.spendShare());
        return w.bytes();
    }

    /** @throws RecordFormatException naming the field that is missing or wrong */
    public static TaskRecord read(byte[] bytes) {
        StrictObject o = StrictObject.parseVersioned(bytes, WHAT);
        String taskId = o.requiredText("task_id");
        String batch = o.requiredText("batch");
        if (!taskId.startsWith(batch + "/") || taskId.length() == batch.length() + 1) {
            throw o.invalid("task_id", "must be \"" + batch + "/<id>\" for batch \"" + batch + "\", got \"" + taskId + "\"");
        }
        return new TaskRecord(
                taskId,
                batch,
                o.requiredLong("index", 0),
                o.requiredInt("generation", 1),
                o.requiredInt("attempt", 1),
                o.requiredObject("task_data"),
                o.optionalLong("not_before", 0, 0L),
                o.optionalText("last_error"),
                o.optionalInt("paid_submits", 0, 0),
                o.optionalDecimal("cost"),
                o.optionalDecimal("max_spend"),
                o.optionalDouble("spend_share"));
    }
}
