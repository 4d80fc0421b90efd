package io.captchafleet.common.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The process exit codes of every captcha-fleet command, in one place so that scripts can rely on
 * them whichever command they run.
 */
public enum ExitCode {
    /** Every task solved, or the command succeeded. */
    OK(0, "every task solved, or the command succeeded"),
    /** An unexpected internal error; the log says what happened. */
    INTERNAL(1, "unexpected internal error"),
    /** Wrong use or bad input: a flag, a file, a topic that does not match. */
    USAGE(2, "usage or input error"),
    /** The fleet is halted by a fatal error (bad key, empty balance) or an operator. */
    HALTED(3, "the fleet is halted by a fatal error"),
    /** Finished, but some tasks failed. */
    TASKS_FAILED(4, "finished with some tasks failed"),
    /** Stopped at a batch's spend cap; {@code captcha-fleet cap} raises it and the same command continues. */
    SPEND_CAP(5, "stopped at a batch's spend cap: raise it with captcha-fleet cap"),
    /** No broker of the Kafka cluster answered within {@code --connect-timeout}. */
    UNREACHABLE(6, "cannot reach the Kafka cluster (within --connect-timeout)"),
    /** Stopped by Ctrl-C or SIGTERM; running the same command again continues. */
    INTERRUPTED(130, "interrupted (Ctrl-C or SIGTERM); run the same command again to continue");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public int code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }

    /** The exit-code table as printed at the end of every command's {@code --help}: one line per code, codes aligned. */
    public static List<String> helpTable() {
        List<String> lines = new ArrayList<>();
        for (ExitCode c : values()) {
            lines.add(String.format(Locale.ROOT, "  %3d  %s", c.code, c.meaning));
        }
        return lines;
    }
}
