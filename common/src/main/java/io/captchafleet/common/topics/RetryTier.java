package io.captchafleet.common.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.captchafleet.common.InputException;

/**
 * One retry delay tier: a task moved there is not handled before the delay has passed. The name is
 * the delay as written ({@code 5s}, {@code 2m}) and is part of the topic name.
 */
public record RetryTier(String name, Duration delay) {
    private static final Pattern FORMAT = Pattern.compile("([1-9][0-9]{0,6})(ms|s|m|h)");
    /** The default tiers: 5 s, 10 s, 30 s, 2 min, 10 min. */
    public static final List<RetryTier> DEFAULTS = parseList("5s,10s,30s,2m,10m", "--retry-tiers");

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m} or {@code 1h}. */
    public static RetryTier parse(String text, String flag) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new InputException("Invalid value " + text + " for " + flag
                    + ": each tier must be a whole number and a unit, like 500ms, 5s, 2m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        Duration d;
        switch (m.group(2)) {
            case "ms":
                d = Duration.ofMillis(n);
                break;
            case "s":
                d = Duration.ofSeconds(n);
                break;
            case "m":
                d = Duration.ofMinutes(n);
                break;
            default:
                d = Duration.ofHours(n);
                break;
        }
        return new RetryTier(m.group(0), d);
    }

    /** Parses a comma-separated list of tiers, which must grow strictly. */
    public static List<RetryTier> parseList(String text, String flag) {
        List<RetryTier> tiers = new ArrayList<>();
        for (String part : (text == null ? "" : text).split(",")) {
            if (!part.isBlank()) {
                tiers.add(parse(part, flag));
            }
        }
        if (tiers.isEmpty()) {
            throw new InputException("Invalid value \"" + text + "\" for " + flag + ": give at least one tier, like 5s,30s,2m");
        }
        for (int i = 1; i < tiers.size(); i++) {
            if (tiers.get(i).delay().compareTo(tiers.get(i - 1).delay()) <= 0) {
                throw new InputException("Invalid value " + text + " for " + flag + ": tiers must grow, but "
                        + tiers.get(i).name() + " follows " + tiers.get(i - 1).name());
            }
        }
        return List.copyOf(tiers);
    }
}
