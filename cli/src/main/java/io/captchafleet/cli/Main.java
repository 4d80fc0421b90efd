package io.captchafleet.cli;

import picocli.CommandLine;

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
        CommandLine cli = new CommandLine(new CaptchaFleetCommand());
        // Before the settings below: picocli applies them to the subcommands present at the time.
        SandboxCommands.addTo(cli);
        ErrorHandler errors = new ErrorHandler();
        cli.setDefaultValueProvider(new EnvironmentDefaults(System.getenv()));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionStrategy(parsed -> {
            UnscopedVariables.warn(parsed);
            return new CommandLine.RunLast().execute(parsed);
        });
        HelpFooter.addTo(cli);
        return cli;
    }
}
