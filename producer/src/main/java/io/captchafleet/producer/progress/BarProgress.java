package io.captchafleet.producer.progress;

import java.io.PrintWriter;
import java.util.function.IntSupplier;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** A bar redrawn in place on a terminal, with rate and ETA (me.tongfei:progressbar), as wide as the terminal. */
final class BarProgress implements Progress {
    private final PrintWriter err;
    private final IntSupplier columns;
    private final Unit unit;
    private ProgressBar bar;

    BarProgress(PrintWriter err, IntSupplier columns, Unit unit) {
        this.err = err;
        this.columns = columns;
        this.unit = unit;
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
        close();
        bar = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + shown.name(), shown.size())
                .showSpeed()
                .setUpdateIntervalMillis(250)
                // Our own consumer: it draws through StatusLine, so log lines print above the bar.
                .setConsumer(new LineConsumer(err, columns))
                .build();
    }

    @Override
    public void update(long done) {
        if (bar != null) {
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }

    /** Draws the bar on the last line of the terminal, never wider than it. */
    private static final class LineConsumer implements ProgressBarConsumer {
        private final PrintWriter err;
        private final IntSupplier columns;

        LineConsumer(PrintWriter err, IntSupplier columns) {
            this.err = err;
            this.columns = columns;
        }

        /** One column short of the width: a line that fills the last column wraps on some terminals. */
        @Override
        public int getMaxRenderedLength() {
            return Math.max(10, columns.getAsInt() - 1);
        }

        @Override
        public void accept(String rendered) {
            int max = getMaxRenderedLength();
            StatusLine.draw(err, rendered.length() > max ? rendered.substring(0, max) : rendered);
        }

        @Override
        public void close() {
            StatusLine.keep();
        }
    }
}
