package io.captchafleet.common.model;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A downstream judgement of a solved task's answer, as the verdicts topic holds it (key: the task id): the
 * worker that owns the task's partition reports it to the provider once (providers refund bad answers).
 * Written by {@code captcha-fleet report} or directly by a downstream system.
 *
 * @param taskId  {@code <batch>/<id>}, also the record key
 * @param verdict bad or good
 * @param by      who gave it ({@code operator:user@host}, a system's name), or null
 * @param at      when it was given, or null
 */
public record Verdict(String taskId, Kind verdict, String by, Instant at) {

    /** What the answer was judged to be. */
    public enum Kind {
        BAD,
        GOOD;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Kind> fromWire(String value) {
            return Arrays.stream(values()).filter(k -> k.wire().equals(value)).findFirst();
        }
    }

    public Verdict {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(verdict, "verdict");
    }

    public String batch() {
        return TaskIds.batchOf(taskId);
    }
}
