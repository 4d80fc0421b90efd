package io.captchafleet.producer.progress;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * Reports how far a long step is. Call {@link #begin} (or {@link #beginBytes}) for each phase,
 * {@link #update} as often as you like (it is cheap), and {@link #close} at the end. Driven from one
 * thread.
 */
public interface Progress extends AutoCloseable {
    /** How often plain lines are written when stderr is not a terminal. */
    Duration PLAIN_INTERVAL = Duration.ofSeconds(5);

    /** Starts a phase such as "publishing" counted in this progress's unit; {@code total} is -1 when not known. */
    void begin(String phase, long total);

    /** Starts a phase counted in bytes, such as reading a file of {@code totalBytes} (-1 when not known). */
    void beginBytes(String phase, long totalBytes);

    /** How many units (or bytes) of the current phase are done. */
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
            public void beginBytes(String phase, long totalBytes) {
            }

            @Override
            public void update(long done) {
            }

            @Override
            public void close() {
            }
        };
    }

    /**
     * A bar redrawn in place on a terminal {@code columns} wide (asked again as it redraws, so it follows
     * a resized window); other output goes above it through {@link StatusLine}.
     */
    static Progress bar(PrintWriter err, IntSupplier columns, String unit) {
        return new BarProgress(err, columns, Unit.of(unit));
    }

    /** A plain line every {@link #PLAIN_INTERVAL}, for a file, a pipe or a CI console. */
    static Progress plain(PrintWriter err, String unit) {
        return new PlainProgress(err, Unit.of(unit), PLAIN_INTERVAL);
    }
}
