package io.captchafleet.producer.progress;

import java.io.PrintWriter;

/**
 * The last line of the terminal on stderr while a progress bar is drawn there. Everything else written
 * to stderr meanwhile (log lines, messages) goes through {@link #printAbove}: the bar is erased, the
 * text printed, and the bar drawn again below it, so a line never lands in the middle of a bar and the
 * bar never scrolls away. There is one stderr per process, so this is static; every method takes one
 * lock (the bar redraws from its own thread, loggers write from any thread).
 */
public final class StatusLine {
    /** Carriage return, then erase the whole line (ANSI EL 2). */
    private static final String ERASE = "\r\033[2K";
    private static final Object LOCK = new Object();
    /** Where the bar is drawn, or null when none is on screen; guarded by LOCK. */
    private static PrintWriter drawnOn;
    /** The bar's text as last drawn; guarded by LOCK. */
    private static String drawn;

    private StatusLine() {
    }

    /**
     * Runs {@code print}, which writes whole lines to stderr, with the bar (if one is on screen) erased
     * first and drawn again after it.
     */
    public static void printAbove(Runnable print) {
        synchronized (LOCK) {
            if (drawnOn == null) {
                print.run();
                return;
            }
            drawnOn.print(ERASE);
            drawnOn.flush();
            print.run();
            drawnOn.print(drawn);
            drawnOn.flush();
        }
    }

    /** Draws {@code text} over the current last line of {@code err}. */
    static void draw(PrintWriter err, String text) {
        synchronized (LOCK) {
            err.print(ERASE);
            err.print(text);
            err.flush();
            drawnOn = err;
            drawn = text;
        }
    }

    /** Leaves the bar on screen as an ordinary line: what a finished phase looked like. */
    static void keep() {
        synchronized (LOCK) {
            if (drawnOn != null) {
                drawnOn.println();
                drawnOn.flush();
            }
            drawnOn = null;
            drawn = null;
        }
    }
}
