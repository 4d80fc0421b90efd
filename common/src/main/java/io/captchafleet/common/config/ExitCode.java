package io.captchafleet.common.config;

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
    TASKS_FAILED(4, "finished with some tasks failed");

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

    /** The exit-code table as printed at the end of every command's {@code --help}. */
    public static String helpTable() {
        StringBuilder sb = new StringBuilder();
        for (ExitCode c : values()) {
            sb.append("  ").append(c.code).append("  ").append(c.meaning).append('\n');
        }
        return sb.toString();
    }
}
