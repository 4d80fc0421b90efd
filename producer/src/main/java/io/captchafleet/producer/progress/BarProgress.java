package io.captchafleet.producer.progress;

import java.io.PrintWriter;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/** A bar redrawn in place on a terminal, with rate and ETA (me.tongfei:progressbar). */
final class BarProgress implements Progress {
    private static final int WIDTH = 100;
    private final PrintWriter err;
    private final String unit;
    private ProgressBar bar;

    BarProgress(PrintWriter err, String unit) {
        this.err = err;
        this.unit = unit;
    }

    @Override
    public void begin(String phase, long total) {
        close();
        bar = new ProgressBarBuilder()
                .setTaskName(phase)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setUpdateIntervalMillis(250)
                // Our own consumer: the library's default asks jline for the terminal width.
                .setConsumer(new WriterConsumer(err))
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

    /** Draws the bar with a carriage return on the command's error writer. */
    private static final class WriterConsumer implements ProgressBarConsumer {
        private final PrintWriter err;

        WriterConsumer(PrintWriter err) {
            this.err = err;
        }

        @Override
        public int getMaxRenderedLength() {
            return WIDTH;
        }

        @Override
        public void accept(String rendered) {
            err.print('\r');
            err.print(rendered);
            err.flush();
        }

        @Override
        public void close() {
            err.println();
            err.flush();
        }
    }
}
