package io.captchafleet.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's model as the deployment tests see it: each subcommand's options, the
 * environment variable that mirrors each option ({@link EnvironmentDefaults}), and the converters the
 * commands use. Public only so that tests in other packages can check files against the real CLI.
 */
public final class CommandModel {
    private CommandModel() {
    }

    /** The spec of a subcommand such as {@code worker} or {@code topics create}. */
    public static Optional<CommandSpec> subcommand(List<String> path) {
        CommandLine cli = Main.newCommandLine();
        for (String name : path) {
            cli = cli.getSubcommands().get(name);
            if (cli == null) {
                return Optional.empty();
            }
        }
        return Optional.of(cli.getCommandSpec());
    }

    /** The names of the root command's subcommands. */
    public static List<String> subcommandNames() {
        return List.copyOf(Main.newCommandLine().getSubcommands().keySet());
    }

    /** The commands only captcha-fleet.jar has (embedded broker, simulator), not captcha-fleet-worker.jar. */
    public static List<String> sandboxCommandNames() {
        return SandboxCommands.NAMES;
    }

    /** The environment variable that mirrors an option in its command, e.g. {@code CAPTCHA_FLEET_WORKER_MAX_IN_FLIGHT}. */
    public static String variableFor(OptionSpec option) {
        return EnvironmentDefaults.variableFor(option);
    }

    /** The option a {@code CAPTCHA_FLEET_*} variable sets in this command (by its command's name, or shared), if any. */
    public static Optional<OptionSpec> optionForVariable(CommandSpec command, String variable) {
        return command.options().stream().filter(EnvironmentDefaults::hasVariable)
                .filter(o -> EnvironmentDefaults.variablesFor(o).contains(variable)).findFirst();
    }

    /** The prefix of every variable that mirrors a flag. */
    public static String variablePrefix() {
        return EnvironmentDefaults.PREFIX;
    }

    /** A duration as the command line reads it ({@code 30s}, {@code 10m}, ISO-8601). */
    public static Duration duration(String text) {
        return new DurationConverter().convert(text);
    }

    /**
     * Parses a command line (without running it) the way {@code captcha-fleet} would with this
     * environment, and returns the spec of the subcommand it names, its options holding the values in
     * force: typed, else from the environment, else the default.
     *
     * @throws CommandLine.ParameterException when the command line or an environment value is invalid
     */
    public static CommandSpec parse(Map<String, String> env, List<String> args) {
        CommandLine cli = Main.newCommandLine();
        cli.setDefaultValueProvider(new EnvironmentDefaults(env));
        List<CommandLine> parsed = cli.parseArgs(args.toArray(String[]::new)).asCommandLineList();
        return parsed.get(parsed.size() - 1).getCommandSpec();
    }

    /** Runs one command line in this JVM with this environment: exit code, stdout, stderr. */
    public static Map.Entry<Integer, String> run(Map<String, String> env, String... args) {
        CliRunner.Result r = CliRunner.run(env, args);
        return Map.entry(r.exitCode(), r.out() + r.err());
    }
}
