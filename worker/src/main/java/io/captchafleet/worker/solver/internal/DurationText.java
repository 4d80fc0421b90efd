package io.captchafleet.worker.solver.internal;

import java.time.Duration;

/** Durations as users write them on the command line: {@code 30s}, {@code 500ms}. Stateless. */
public final class DurationText {
    private DurationText() {
    }

    public static String of(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }
}
