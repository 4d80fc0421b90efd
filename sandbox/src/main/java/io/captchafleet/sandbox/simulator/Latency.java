package io.captchafleet.sandbox.simulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How long the simulated solver takes from submit to answer: a fixed time, a uniform range, or a
 * log-normal distribution with a given mean and spread (the long tail real solvers show). Immutable;
 * {@link #sample} is thread-safe when the generator it is given is.
 */
public final class Latency {
    private enum Shape { FIXED, UNIFORM, LOG_NORMAL }

    private final Shape shape;
    private final Duration first;
    private final Duration second;
    private final double sigma;

    private Latency(Shape shape, Duration first, Duration second, double sigma) {
        this.shape = shape;
        this.first = first;
        this.second = second;
        this.sigma = sigma;
    }

    /** Every task takes exactly this long. */
    public static Latency fixed(Duration duration) {
        requireNotNegative(duration, "fixed:" + duration);
        return new Latency(Shape.FIXED, duration, duration, 0);
    }

    /** Uniformly between min and max, both included. */
    public static Latency uniform(Duration min, Duration max) {
        String text = "uniform:" + text(min) + "-" + text(max);
        requireNotNegative(min, text);
        requireNotNegative(max, text);
        if (min.compareTo(max) > 0) {
            throw new InvalidSettingException("latency", text, "the minimum " + text(min) + " is above the maximum " + text(max));
        }
        return new Latency(Shape.UNIFORM, min, max, 0);
    }

    /**
     * Log-normal with this mean (not median) and sigma, the standard deviation of the latency's
     * logarithm: 0.5 gives a moderate tail, 1 a long one.
     */
    public static Latency logNormal(Duration mean, double sigma) {
        String text = "lognormal:mean=" + text(mean) + ",sigma=" + sigma;
        if (mean.isNegative() || mean.isZero()) {
            throw new InvalidSettingException("latency", text, "the mean must be above zero");
        }
        if (!(sigma >= 0 && sigma <= 5)) {
            throw new InvalidSettingException("latency", text, "sigma must be between 0 and 5");
        }
        return new Latency(Shape.LOG_NORMAL, mean, mean, sigma);
    }

    /**
     * Reads {@code fixed:2s}, {@code uniform:1s-5s} or {@code lognormal:mean=20s,sigma=0.5}; durations
     * are written like {@code 250ms}, {@code 2s}, {@code 1.5s}, {@code 2m}.
     *
     * @throws InvalidSettingException naming the text and what is wrong with it
     */
    public static Latency parse(String text) {
        Objects.requireNonNull(text, "text");
        try {
            return parseSpec(text);
        } catch (InvalidSettingException e) {
            // The factories name the value in its canonical form; name it as the user wrote it.
            throw new InvalidSettingException("latency", text, e.reason());
        }
    }

    private static Latency parseSpec(String text) {
        String spec = text.strip();
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String args = colon < 0 ? "" : spec.substring(colon + 1);
        switch (kind) {
            case "fixed":
                return fixed(duration(text, args));
            case "uniform": {
                int dash = args.indexOf('-');
                if (dash < 0) {
                    throw new InvalidSettingException("latency", text, "write a uniform latency as uniform:MIN-MAX, e.g. uniform:1s-5s");
                }
                return uniform(duration(text, args.substring(0, dash)), duration(text, args.substring(dash + 1)));
            }
            case "lognormal":
                return parseLogNormal(text, args);
            default:
                throw new InvalidSettingException("latency", text,
                        "write fixed:2s, uniform:1s-5s or lognormal:mean=20s,sigma=0.5");
        }
    }

    private static Latency parseLogNormal(String text, String args) {
        Duration mean = null;
        Double sigma = null;
        for (String part : args.split(",")) {
            String[] kv = part.strip().split("=", -1);
            if (kv.length == 2 && kv[0].strip().equals("mean")) {
                mean = duration(text, kv[1]);
            } else if (kv.length == 2 && kv[0].strip().equals("sigma")) {
                sigma = number(text, kv[1]);
            } else {
                mean = null;
                break;
            }
        }
        if (mean == null || sigma == null) {
            throw new InvalidSettingException("latency", text,
                    "write a log-normal latency as lognormal:mean=DURATION,sigma=NUMBER, e.g. lognormal:mean=20s,sigma=0.5");
        }
        return logNormal(mean, sigma);
    }

    /** Draws one latency. */
    public Duration sample(RandomGenerator random) {
        switch (shape) {
            case FIXED:
                return first;
            case UNIFORM:
                return Duration.ofMillis(first.toMillis() + (long) (random.nextDouble() * (second.toMillis() - first.toMillis() + 1)));
            default:
                // For a log-normal, mean = exp(mu + sigma^2 / 2): pick mu so that the mean is the one asked for.
                double mu = Math.log(first.toMillis()) - sigma * sigma / 2;
                return Duration.ofMillis(Math.round(Math.exp(mu + sigma * random.nextGaussian())));
        }
    }

    /** The spec {@link #parse} reads back to an equal value, e.g. {@code uniform:1s-5s}. */
    @Override
    public String toString() {
        switch (shape) {
            case FIXED:
                return "fixed:" + text(first);
            case UNIFORM:
                return "uniform:" + text(first) + "-" + text(second);
            default:
                return "lognormal:mean=" + text(first) + ",sigma=" + sigma;
        }
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Latency)) {
            return false;
        }
        Latency other = (Latency) o;
        return shape == other.shape && first.equals(other.first) && second.equals(other.second) && sigma == other.sigma;
    }

    @Override
    public int hashCode() {
        return Objects.hash(shape, first, second, sigma);
    }

    private static Duration duration(String text, String part) {
        Optional<Duration> d = DurationText.parse(part);
        return d.orElseThrow(() -> new InvalidSettingException("latency", text,
                "\"" + part.strip() + "\" is not a duration: write it like 250ms, 2s, 1.5s or 2m"));
    }

    private static double number(String text, String part) {
        try {
            return Double.parseDouble(part.strip());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException("latency", text, "\"" + part.strip() + "\" is not a number");
        }
    }

    private static void requireNotNegative(Duration d, String text) {
        Objects.requireNonNull(d, "duration");
        if (d.isNegative()) {
            throw new InvalidSettingException("latency", text, "a latency cannot be negative");
        }
    }

    private static String text(Duration d) {
        return d.isNegative() ? d.toString() : DurationText.format(d);
    }
}
