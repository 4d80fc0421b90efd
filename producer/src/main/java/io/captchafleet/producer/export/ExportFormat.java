package io.captchafleet.producer.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How {@code results} writes outcomes. */
public enum ExportFormat {
    /** One outcome record per line, as on the results topic. */
    JSONL("jsonl"),
    /** A header row and a fixed set of columns, the task data as a JSON cell. */
    CSV("csv"),
    /** The seed script's checkpoint file: one JSON array. */
    CHECKPOINT("checkpoint");

    private final String flag;

    ExportFormat(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static Optional<ExportFormat> fromFlag(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.flag.equals(v)).findFirst();
    }

    public static String flags() {
        return Arrays.stream(values()).map(ExportFormat::flag).collect(Collectors.joining(", "));
    }
}
