package io.captchafleet.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ch.qos.logback.classic.Level;
import io.captchafleet.cli.console.LogSettings;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * What a command shows on stderr besides its output, and how its log is written: flags of the root
 * command that every subcommand takes too ({@code captcha-fleet -q status} or {@code captcha-fleet status
 * -q}). Read once, before the command runs, into {@link LogSettings}.
 */
final class LoggingOptions {
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Errors and the command's output only: no progress, notices or warnings.")
    boolean quiet;

    @Option(names = {"-v", "--verbose"}, scope = ScopeType.INHERIT,
            description = "Show the log on stderr from INFO up, Kafka's own lines (the embedded broker's, the clients'"
                    + " warnings) included.")
    boolean verbose;

    @Option(names = "--log-level", paramLabel = "LEVEL", scope = ScopeType.INHERIT,
            description = "Lowest level of log lines on stderr: TRACE, DEBUG, INFO, WARN, ERROR or OFF (default: INFO for worker,"
                    + " broker and simulator, WARN for the rest; the log file in the state directory keeps INFO).")
    String logLevel;

    @Option(names = "--log-format", paramLabel = "text|json", defaultValue = "text", scope = ScopeType.INHERIT,
            description = "Log lines on stderr as text or as one JSON object per line (default: ${DEFAULT-VALUE}).")
    String logFormat;

    /**
     * The settings for the command {@code parsed} names. A flag typed on the command line wins over the
     * environment; {@code -q}, {@code -v} and {@code --log-level} exclude each other.
     *
     * @throws ParameterException for a bad level or format, or more than one of the three
     */
    LogSettings settings(ParseResult parsed) {
        ParseResult leaf = parsed;
        List<String> typed = new ArrayList<>();
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            leaf = p;
            for (String option : List.of("--quiet", "--verbose", "--log-level")) {
                if (p.hasMatchedOption(option) && !typed.contains(option)) {
                    typed.add(option);
                }
            }
        }
        CommandSpec command = leaf.commandSpec();
        List<String> chosen = typed.isEmpty() ? given() : typed;
        if (chosen.size() > 1) {
            throw new ParameterException(command.commandLine(), "Give only one of -q/--quiet, -v/--verbose and --log-level"
                    + (typed.isEmpty() ? " (the environment sets " + String.join(", ", chosen.stream()
                    .map(EnvironmentDefaults::sharedVariableFor).toList()) + ")" : ""));
        }
        boolean service = command.userObject() instanceof Service;
        String level = chosen.isEmpty() ? (service ? "INFO" : "WARN") : switch (chosen.get(0)) {
            case "--quiet" -> "ERROR";
            case "--verbose" -> "INFO";
            default -> logLevel.strip().toUpperCase(Locale.ROOT);
        };
        if (!LEVELS.contains(level)) {
            throw new ParameterException(command.commandLine(), "Invalid value " + logLevel + " for --log-level: must be one of "
                    + String.join(", ", LEVELS));
        }
        String format = logFormat == null ? "text" : logFormat.strip().toLowerCase(Locale.ROOT);
        if (!format.equals("text") && !format.equals("json")) {
            throw new ParameterException(command.commandLine(), "Invalid value " + logFormat + " for --log-format: must be text or json");
        }
        String name = command.qualifiedName(" ").substring(command.root().name().length()).strip();
        Level console = Level.toLevel(level);
        // Kafka's own lines are noise beside a command's work, but part of a service's log (the broker's is the broker's).
        boolean kafkaLines = chosen.contains("--verbose") || service;
        // The broker's warnings are mostly start-up and shutdown noise: only for those who asked for more than the default.
        boolean askedForMore = !chosen.isEmpty() && Level.INFO.isGreaterOrEqual(console);
        return new LogSettings(console, format.equals("json"), kafkaLines, askedForMore ? Level.WARN : Level.ERROR, !service,
                name.isEmpty() ? command.root().name() : name);
    }

    /** The three flags the environment set (none was typed). */
    private List<String> given() {
        List<String> given = new ArrayList<>();
        if (quiet) {
            given.add("--quiet");
        }
        if (verbose) {
            given.add("--verbose");
        }
        if (logLevel != null) {
            given.add("--log-level");
        }
        return given;
    }
}
