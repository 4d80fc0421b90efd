package io.captchafleet.producer.progress;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * Reports how far a long step is. Call {@link #begin} for each phase, {@link #update} as often as you
 * like (it is cheap), and {@link #close} at the end. Driven from one thread.
 */
public interface Progress extends AutoCloseable {
    /** How often plain lines are written when stderr is not a terminal. */
    Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    /** Starts a phase such as "validating" or "publishing"; {@code total} is -1 when not known. */
    void begin(String phase, long total);

    /** How many units of the current phase are done. */
    void update(long done);

    /** Ends the current phase's display. */
    @Override
    void close();

    /** Shows nothing. */
    static Progress none() {
        return new Progress() {
            @Override
            public void begin(String phase, long total) {
            }

            @Override
            public void update(long done) {
            }

            @Override
            public void close() {
            }
        };
    }

    /** A bar when {@code terminal}, else a plain line every {@link #PLAIN_INTERVAL}. */
    static Progress on(PrintWriter err, boolean terminal, String unit) {
        return terminal ? new BarProgress(err, unit) : new PlainProgress(err, unit, PLAIN_INTERVAL);
    }
}
