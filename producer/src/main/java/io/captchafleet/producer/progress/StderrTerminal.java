package io.captchafleet.producer.progress;

import java.io.IOException;
import java.util.Optional;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Standard error when it is a terminal, and that terminal's width (jline). Asking costs a few child
 * processes ({@code test -t 2}, {@code stty}), so the answer is looked up once per process and the
 * width at most every {@link #WIDTH_CHECK_NANOS}. Thread-safe.
 */
public final class StderrTerminal {
    /** How often the width is looked up again, so that a resized window gets a bar that fits. */
    private static final long WIDTH_CHECK_NANOS = 2_000_000_000L;
    private static Optional<StderrTerminal> detected;

    private final Terminal terminal;
    private volatile int width;
    private volatile long widthCheckedAt;

    private StderrTerminal(Terminal terminal) {
        this.terminal = terminal;
        this.width = terminal.getWidth();
        this.widthCheckedAt = System.nanoTime();
    }

    /** Standard error as a terminal, or empty when it is a file, a pipe or a dumb terminal. */
    public static synchronized Optional<StderrTerminal> detect() {
        if (detected == null) {
            detected = open();
        }
        return detected;
    }

    private static Optional<StderrTerminal> open() {
        try {
            // nativeSignals(false): jline would otherwise reset SIGINT to the OS default, and Ctrl-C would
            // kill the process without running its shutdown hooks (the clean stop).
            Terminal t = TerminalBuilder.builder().system(true).systemOutput(TerminalBuilder.SystemOutput.SysErr)
                    .nativeSignals(false).dumb(true).build();
            if (t.getType().startsWith(Terminal.TYPE_DUMB) || t.getWidth() <= 0) {
                t.close();
                return Optional.empty();
            }
            return Optional.of(new StderrTerminal(t));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Columns of the terminal, looked up again every couple of seconds. */
    public int width() {
        long now = System.nanoTime();
        if (now - widthCheckedAt > WIDTH_CHECK_NANOS) {
            widthCheckedAt = now;
            int w = terminal.getWidth();
            if (w > 0) {
                width = w;
            }
        }
        return width;
    }
}
