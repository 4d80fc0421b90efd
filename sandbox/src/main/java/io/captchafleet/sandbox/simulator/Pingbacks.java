package io.captchafleet.sandbox.simulator;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * How the simulator calls clients back when a task they submitted with a callback URL is done (2captcha's
 * {@code pingback}, the JSON protocol's {@code callbackUrl}): in which style, how late, and how unreliably.
 * Callbacks go to loopback addresses only; any other URL is never called (and counted). Immutable.
 *
 * @param dropShare      the share of callbacks never sent (0 to 1): the client must poll for those
 * @param duplicateShare the share of callbacks sent twice (0 to 1)
 * @param delay          how long after the answer is ready a callback is sent
 * @param style          how a callback is sent
 */
public record Pingbacks(double dropShare, double duplicateShare, Duration delay, Style style) {
    /** Every callback sent once, as soon as its answer is ready, in the protocol's own style. */
    public static final Pingbacks RELIABLE = new Pingbacks(0, 0, Duration.ZERO, Style.PROTOCOL);

    /** How a callback is sent. */
    public enum Style {
        /** The protocol's own: a form POST for {@code in.php} submits, a JSON POST for {@code createTask}. */
        PROTOCOL,
        /** 2captcha's legacy form: {@code POST} of {@code id} and {@code code}, form-encoded. */
        FORM,
        /** A JSON {@code POST}: {@code {"id": …, "code": …}}. */
        JSON,
        /** CaptchaAI's: {@code GET ?id=…&code=…}. */
        GET;

        /** The style named {@code protocol}, {@code form}, {@code json} or {@code get}. */
        public static Style parse(String name) {
            for (Style s : values()) {
                if (s.name().equalsIgnoreCase(name == null ? "" : name.strip())) {
                    return s;
                }
            }
            throw new InvalidSettingException("pingback-style", name, "must be one of protocol, form, json, get");
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Pingbacks {
        share("pingback-drop", dropShare);
        share("pingback-duplicate", duplicateShare);
        Objects.requireNonNull(delay, "delay");
        if (delay.isNegative()) {
            throw new InvalidSettingException("pingback-delay", DurationText.format(delay), "must not be negative");
        }
        Objects.requireNonNull(style, "style");
    }

    public Pingbacks withDropShare(double share) {
        return new Pingbacks(share, duplicateShare, delay, style);
    }

    public Pingbacks withDuplicateShare(double share) {
        return new Pingbacks(dropShare, share, delay, style);
    }

    public Pingbacks withDelay(Duration d) {
        return new Pingbacks(dropShare, duplicateShare, d, style);
    }

    public Pingbacks withStyle(Style s) {
        return new Pingbacks(dropShare, duplicateShare, delay, s);
    }

    private static void share(String setting, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidSettingException(setting, value, "must be a share from 0 to 1");
        }
    }
}
