package io.captchafleet.common;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Instants as every command prints them: ISO-8601 in UTC to the millisecond, always with three
 * digits ({@code 2026-11-29T21:38:55.000Z}), so that columns line up and nothing shows nanoseconds.
 */
public final class Timestamps {
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant at) {
        return MILLIS.format(at);
    }
}
