package io.captchafleet.cli;

import java.io.PrintWriter;

import io.captchafleet.common.InputException;
import io.captchafleet.producer.progress.Progress;
import picocli.CommandLine.Option;

/** {@code --progress}: how a long command shows how far it is on stderr. */
final class ProgressOption {
    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto",
            description = "A bar on a terminal, plain lines every few seconds otherwise (auto), or as chosen (default: ${DEFAULT-VALUE}).")
    String mode;

    Progress on(PrintWriter err, String unit) {
        switch (mode) {
            case "auto":
                return Progress.on(err, Terminal.isInteractive(), unit);
            case "bar":
                return Progress.on(err, true, unit);
            case "plain":
                return Progress.on(err, false, unit);
            case "none":
                return Progress.none();
            default:
                throw new InputException("Invalid value " + mode + " for --progress: must be auto, bar, plain or none");
        }
    }
}
