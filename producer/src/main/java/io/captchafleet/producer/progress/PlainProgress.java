package io.captchafleet.producer.progress;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * One line every interval, e.g. {@code publishing: 450000/1000000 tasks (45%), 61234 tasks/s}, and one
 * when a phase that showed any ends: readable in a log file or a CI console where a redrawn bar would be
 * noise. A phase shorter than the interval shows nothing.
 */
final class PlainProgress implements Progress {
    private final PrintWriter err;
    private final Unit unit;
    private final long intervalNanos;
    private String phase;
    private Unit shown;
    private long total;
    private long done;
    private long started;
    private long lastLine;
    private boolean shownAny;

    PlainProgress(PrintWriter err, Unit unit, Duration interval) {
        this.err = err;
        this.unit = unit;
        this.intervalNanos = interval.toNanos();
    }

    @Override
    public void begin(String phase, long total) {
        start(phase, total, unit);
    }

    @Override
    public void beginBytes(String phase, long totalBytes) {
        start(phase, totalBytes, Unit.bytes(totalBytes));
    }

    private void start(String phase, long total, Unit shown) {
        this.phase = phase;
        this.shown = shown;
        this.total = total;
        this.done = 0;
        this.started = System.nanoTime();
        this.lastLine = started;
        this.shownAny = false;
    }

    @Override
    public void update(long done) {
        this.done = done;
        long now = System.nanoTime();
        if (phase != null && now - lastLine >= intervalNanos) {
            lastLine = now;
            shownAny = true;
            print(line(now));
        }
    }

    @Override
    public void close() {
        if (phase != null && shownAny) {
            print(line(System.nanoTime()));
        }
        phase = null;
    }

    private void print(String line) {
        StatusLine.printAbove(() -> {
            err.println(line);
            err.flush();
        });
    }

    private String line(long now) {
        StringBuilder sb = new StringBuilder(phase).append(": ").append(shown.shown(done));
        if (total >= 0) {
            sb.append('/').append(shown.shown(total));
        }
        sb.append(' ').append(shown.name());
        if (total > 0) {
            sb.append(" (").append(done * 100 / total).append("%)");
        }
        double seconds = (now - started) / 1e9;
        if (seconds > 0) {
            sb.append(", ").append(Math.round(shown.shown(done) / seconds)).append(' ').append(shown.name()).append("/s");
        }
        return sb.toString();
    }
}
