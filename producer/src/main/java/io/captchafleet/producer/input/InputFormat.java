package io.captchafleet.producer.input;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The task file formats {@code submit} reads. */
public enum InputFormat {
    /** One JSON object per line; blank lines are skipped. The default. */
    JSONL("jsonl"),
    /** One JSON array of task objects. */
    JSON("json"),
    /** A header row naming the fields, then one task per row; empty cells are left out. */
    CSV("csv"),
    /** The seed script's checkpoint: a JSON array of {index, task_data, status, token, error, attempts, solve_time}. */
    CHECKPOINT("checkpoint");

    private final String flag;

    InputFormat(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    /** The format a {@code --format} value names. */
    public static Optional<InputFormat> fromFlag(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.flag.equals(v)).findFirst();
    }

    /** {@code jsonl, json, csv, checkpoint}, for messages. */
    public static String flags() {
        return Arrays.stream(values()).map(InputFormat::flag).collect(Collectors.joining(", "));
    }
}
