package io.captchafleet.producer.progress;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * One line every interval, e.g. {@code publishing: 450000/1000000 tasks (45%), 61234/s}: readable in a
 * log file or a CI console where a redrawn bar would be noise.
 */
final class PlainProgress implements Progress {
    private final PrintWriter err;
    private final String unit;
    private final long intervalNanos;
    private String phase;
    private long total;
    private long done;
    private long started;
    private long lastLine;

    PlainProgress(PrintWriter err, String unit, Duration interval) {
        this.err = err;
        this.unit = unit;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void begin(String phase, long total) {
        this.phase = phase;
        this.total = total;
        this.done = 0;
        this.started = System.nanoTime();
        this.lastLine = started;
    }

    @Override
    public void update(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (now - lastLine >= intervalNanos) {
            lastLine = now;
            err.println(line(now));
            err.flush();
        }
    }

    @Override
    public void close() {
        phase = null;
    }

    private String line(long now) {
        StringBuilder sb = new StringBuilder(phase).append(": ").append(done);
        if (total >= 0) {
            sb.append('/').append(total);
        }
        sb.append(' ').append(unit);
        if (total > 0) {
            sb.append(" (").append(done * 100 / total).append("%)");
        }
        double seconds = (now - started) / 1e9;
        if (seconds > 0) {
            sb.append(", ").append(Math.round(done / seconds)).append("/s");
        }
        return sb.toString();
    }
}
