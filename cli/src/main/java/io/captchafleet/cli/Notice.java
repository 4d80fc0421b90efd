package io.captchafleet.cli;

import java.io.PrintWriter;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.producer.progress.StatusLine;

/**
 * A message for the user on stderr that is neither the command's output nor an error ("started its
 * embedded broker for this command"): printed above a progress bar, hidden by {@code -q}.
 */
final class Notice {
    private Notice() {
    }

    static void print(PrintWriter err, String text) {
        if (ConsoleLog.showsWarnings()) {
            StatusLine.printAbove(() -> {
                err.println(text);
                err.flush();
            });
        }
    }
}
