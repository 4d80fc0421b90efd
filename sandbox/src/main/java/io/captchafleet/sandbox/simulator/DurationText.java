package io.captchafleet.sandbox.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Short durations as people write them in latency specs: {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 2m}, {@code 1h}. */
final class DurationText {
    private static final Pattern SHORT = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h)");

    private DurationText() {
    }

    /** The duration, or empty when the text is not one. */
    static Optional<Duration> parse(String text) {
        Matcher m = SHORT.matcher(text.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        long millisPerUnit;
        switch (m.group(2)) {
            case "ms":
                millisPerUnit = 1;
                break;
            case "s":
                millisPerUnit = 1_000;
                break;
            case "m":
                millisPerUnit = 60_000;
                break;
            default:
                millisPerUnit = 3_600_000;
                break;
        }
        return Optional.of(Duration.ofMillis(amount.multiply(BigDecimal.valueOf(millisPerUnit)).longValue()));
    }

    /** The shortest exact form: {@code 2s}, {@code 1500ms}. */
    static String format(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }
}
