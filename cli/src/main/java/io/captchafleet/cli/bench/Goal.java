package io.captchafleet.cli.bench;

/**
 * A goal of the issue and what was measured against it.
 *
 * @param name     what is measured, e.g. "throughput / Little's-law limit"
 * @param target   the goal as written, e.g. "≥ 0.95"
 * @param measured the figure, formatted
 * @param met      whether the measured figure meets the goal
 */
record Goal(String name, String target, String measured, boolean met) {

    static Goal atLeast(String name, double target, double measured, String format) {
        return new Goal(name, "≥ " + fmt(format, target), fmt(format, measured), measured >= target);
    }

    static Goal atMost(String name, double target, double measured, String format) {
        return new Goal(name, "≤ " + fmt(format, target), fmt(format, measured), measured <= target);
    }

    static Goal below(String name, double target, double measured, String format) {
        return new Goal(name, "< " + fmt(format, target), fmt(format, measured), measured < target);
    }

    private static String fmt(String format, double v) {
        return String.format(java.util.Locale.ROOT, format, v);
    }
}
