package io.captchafleet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;

import io.captchafleet.cli.console.ConsoleLog;
import io.captchafleet.common.InputException;
import io.captchafleet.producer.progress.Progress;
import io.captchafleet.producer.progress.StderrTerminal;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code --progress}: how a long command shows how far it is on stderr. */
final class ProgressOption {
    /** The width a forced bar assumes when stderr is not a terminal. */
    private static final int DEFAULT_COLUMNS = 80;
    private static final List<String> VALUES = List.of("auto", "bar", "plain", "none");

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--progress", paramLabel = "auto|bar|plain|none", defaultValue = "auto",
            description = "A bar as wide as the terminal when stderr is one, a plain line every few seconds otherwise (auto),"
                    + " or as chosen; none with -q unless this is given (default: ${DEFAULT-VALUE}).")
    String mode;

    /**
     * The progress display chosen.
     *
     * @throws InputException for an unknown mode
     */
    Progress on(PrintWriter err, String unit) {
        if (!VALUES.contains(mode)) {
            throw new InputException("Invalid value " + mode + " for --progress: must be auto, bar, plain or none");
        }
        boolean typed = mixee.commandLine().getParseResult() != null
                && mixee.commandLine().getParseResult().hasMatchedOption("--progress");
        if (mode.equals("none") || (!typed && !ConsoleLog.showsWarnings())) {
            return Progress.none();
        }
        if (mode.equals("plain")) {
            return Progress.plain(err, unit);
        }
        Optional<StderrTerminal> terminal = StderrTerminal.detect();
        if (mode.equals("bar")) {
            return Progress.bar(err, terminal.<IntSupplier>map(t -> t::width).orElse(() -> DEFAULT_COLUMNS), unit);
        }
        return terminal.map(t -> Progress.bar(err, t::width, unit)).orElseGet(() -> Progress.plain(err, unit));
    }
}
