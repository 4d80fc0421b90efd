package io.captchafleet.cli.console;

import ch.qos.logback.classic.Level;

/**
 * How one command logs.
 *
 * @param console        the lowest level shown on stderr
 * @param json           stderr gets one JSON object per line instead of text
 * @param kafkaLines     stderr shows Kafka's own lines: the embedded broker's, the clients' warnings (with {@code
 *                       --verbose}, and in a service)
 * @param broker         the lowest level the embedded broker's components log at: ERROR, or WARN when asked for more
 * @param fileInStateDir the command writes its full log to its state directory, once it has one (every
 *                       command but the services, which run under a supervisor that keeps stderr)
 * @param command        the command's name, which names its log file ({@code topics create}: {@code topics-create})
 */
public record LogSettings(Level console, boolean json, boolean kafkaLines, Level broker, boolean fileInStateDir, String command) {
    /** The log file records at least this much, whatever the console shows. */
    static final Level FILE_LEVEL = Level.INFO;

    /** The file's level: INFO, or lower when the console was asked for more. */
    Level file() {
        return console.isGreaterOrEqual(FILE_LEVEL) ? FILE_LEVEL : console;
    }

    /** Whether the console shows warnings: notices and progress are hidden when it does not ({@code -q}). */
    public boolean showsWarnings() {
        return Level.WARN.isGreaterOrEqual(console);
    }
}
