package io.captchafleet.cli;

import io.captchafleet.cli.console.ConsoleLog;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.ParseResult;

/** Entry point of the {@code captcha-fleet} executable. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (used by tests that run the CLI in-process). */
    public static int run(String... args) {
        return newCommandLine().execute(args);
    }

    static CommandLine newCommandLine() {
        CaptchaFleetCommand root = new CaptchaFleetCommand();
        CommandLine cli = new CommandLine(root);
        // Before the settings below: picocli applies them to the subcommands present at the time.
        SandboxCommands.addTo(cli);
        ErrorHandler errors = new ErrorHandler();
        cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        cli.setExecutionStrategy(parsed -> runLogged(root, parsed, errors));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        HelpFooter.addTo(cli);
        return cli;
    }

    /**
     * Runs the command with logging set up from its flags, and handles its failure while that logging
     * is still in place (an internal error's stack trace goes to the command's log file).
     */
    private static int runLogged(CaptchaFleetCommand root, ParseResult parsed, ErrorHandler errors) {
        try (ConsoleLog.Run logging = ConsoleLog.start(root.logging.settings(parsed))) {
            UnscopedVariables.warn(parsed);
            try {
                return new CommandLine.RunLast().execute(parsed);
            } catch (ExecutionException e) {
                Exception cause = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                return errors.handleExecutionException(cause, e.getCommandLine(), parsed);
            }
        }
    }
}
