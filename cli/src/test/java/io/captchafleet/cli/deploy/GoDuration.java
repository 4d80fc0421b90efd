package io.captchafleet.cli.deploy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as Docker Compose and Prometheus write them: {@code 45s}, {@code 1m30s}, {@code 10m}. */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

    private GoDuration() {
    }

    static Duration parse(String text, String where) {
        if (!text.matches("([0-9]+(ms|s|m|h|d))+")) {
            throw new AssertionError(where + ": " + text + " is not a duration like 45s or 1m30s");
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            switch (m.group(2)) {
                case "ms" -> total = total.plusMillis(n);
                case "s" -> total = total.plusSeconds(n);
                case "m" -> total = total.plusMinutes(n);
                case "h" -> total = total.plusHours(n);
                default -> total = total.plusDays(n);
            }
        }
        return total;
    }
}
