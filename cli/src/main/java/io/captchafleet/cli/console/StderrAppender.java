package io.captchafleet.cli.console;

import java.io.OutputStream;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.captchafleet.producer.progress.StatusLine;

/**
 * Log lines on stderr, printed above the progress bar when one is drawn (logback's own console appender
 * would write into the bar's line). Registered in {@code logback.xml}; logback calls it from any thread
 * and writes each event with one call, which {@link StatusLine} keeps whole.
 */
public final class StderrAppender extends OutputStreamAppender<ILoggingEvent> {
    @Override
    public void start() {
        setOutputStream(new AboveTheBar());
        super.start();
    }

    /** Writes to {@code System.err} through {@link StatusLine}; closing it leaves stderr open. */
    private static final class AboveTheBar extends OutputStream {
        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) {
            StatusLine.printAbove(() -> {
                System.err.write(bytes, offset, length);
                System.err.flush();
            });
        }

        @Override
        public void flush() {
            System.err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}
